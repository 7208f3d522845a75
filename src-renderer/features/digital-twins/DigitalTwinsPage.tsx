import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useRequest } from '../../api/index.ts';
import { detailText } from '../../app/i18n/error-text.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { AllocationLab } from './AllocationLab.tsx';
import { CreateTwinDialog } from './CreateTwinDialog.tsx';
import type { NewTwin } from './CreateTwinDialog.tsx';
import { EndpointSection } from './EndpointSection.tsx';
import { FunctionsPanel } from './FunctionsPanel.tsx';
import { ModelsTable } from './ModelsTable.tsx';
import { TwinGraph } from './TwinGraph.tsx';
import { TwinsTable } from './TwinsTable.tsx';
import { UploadModelsDialog } from './UploadModelsDialog.tsx';
import { useTwinsAction } from './use-twins-action.ts';

const TABS = ['models', 'twins', 'graph', 'lab', 'functions'] as const;
type TabId = (typeof TABS)[number];

/** Azure Digital Twins on the active profile: models, twins (table and graph, live), the Allocation lab, the seed's functions. */
export default function DigitalTwinsPage() {
  const { t, i18n } = useTranslation();
  // Polled: Temperature moves as the telemetry function writes it.
  const overview = useRequest('twins:overview', {}, { intervalMs: 2_000 });
  const { busy, run } = useTwinsAction();
  const [tab, setTab] = useState<TabId>('models');
  const [creating, setCreating] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const data = overview.data;
  const uploaded = (r: { uploaded: string[]; existing: string[] }) => t('digital-twins.uploaded', { uploaded: r.uploaded.length, existing: r.existing.length });
  const after = () => overview.reload();

  const create = async (twin: NewTwin) => {
    setCreating(false);
    const created = await run(() => api.invoke('twins:createTwin', { dtId: twin.dtId, modelId: twin.modelId, properties: twin.properties }), (c) => t('digital-twins.twins.created', { dtId: c.dtId }));
    if (created && twin.parent) await run(() => api.invoke('twins:createRelationship', { sourceId: twin.parent as string, targetId: twin.dtId, name: 'contains' }));
    after();
  };

  const actions = (
    <Stack direction="row" spacing={1}>
      <Button variant="outlined" disabled={busy || !data?.endpoint} onClick={() => void run(() => api.invoke('twins:uploadSeedModels', {}), uploaded).then(after)}>
        {t('digital-twins.uploadSeed')}
      </Button>
      <Button variant="outlined" disabled={busy || !data?.endpoint} onClick={() => setUploading(true)}>
        {t('digital-twins.uploadModels')}
      </Button>
      <Button variant="contained" disabled={busy || !data?.models.length} onClick={() => setCreating(true)}>
        {t('digital-twins.twins.create')}
      </Button>
    </Stack>
  );

  return (
    <>
      <PageHeader title={t('areas.digital-twins.title')} actions={actions} />
      {(busy || (overview.loading && !data)) && <LinearProgress sx={{ mb: 2 }} />}
      {overview.error && <Alert severity="error" sx={{ mb: 2 }}>{t('digital-twins.failed', { code: overview.error.code, message: detailText(i18n, overview.error) })}</Alert>}
      {data && <EndpointSection key={data.endpoint ?? ''} overview={data} onSaved={after} />}
      <Tabs value={tab} onChange={(_e, next: TabId) => setTab(next)} sx={{ mb: 2 }}>
        {TABS.map((id) => (
          <Tab key={id} value={id} label={t(`digital-twins.tabs.${id}`)} />
        ))}
      </Tabs>
      {data && (
        <Box>
          {tab === 'models' && <ModelsTable models={data.models} />}
          {tab === 'twins' && (
            <>
              {data.truncated && <Alert severity="info" sx={{ mb: 1 }}>{t('digital-twins.twins.truncated', { count: data.twins.length })}</Alert>}
              <TwinsTable twins={data.twins} onDelete={setDeleting} />
            </>
          )}
          {tab === 'graph' && <TwinGraph twins={data.twins} relationships={data.relationships} />}
          {tab === 'lab' && <AllocationLab sandbox={data.profileKind === 'sandbox'} />}
          {tab === 'functions' && <FunctionsPanel />}
        </Box>
      )}
      <CreateTwinDialog open={creating} models={data?.models ?? []} spaces={(data?.twins ?? []).filter((twin) => /:Space;\d+$/.test(twin.model))} onCancel={() => setCreating(false)} onCreate={(twin) => void create(twin)} />
      <UploadModelsDialog open={uploading} onCancel={() => setUploading(false)} onUpload={(json) => {
        setUploading(false);
        void run(() => api.invoke('twins:uploadModels', { json }), uploaded).then(after);
      }} />
      <ConfirmDialog
        open={deleting !== undefined}
        title={t('digital-twins.twins.deleteTitle', { dtId: deleting })}
        text={t('digital-twins.twins.deleteText')}
        cancelLabel={t('digital-twins.twins.cancel')}
        confirmLabel={t('digital-twins.twins.delete')}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          const dtId = deleting as string;
          setDeleting(undefined);
          void run(() => api.invoke('twins:deleteTwin', { dtId, confirmed: true }), () => t('digital-twins.twins.deleted', { dtId })).then(after);
        }}
      />
    </>
  );
}
