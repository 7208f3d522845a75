import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { SandboxHubEvents } from '../../../src-shared/contract/channels/sandbox-eventhub.ts';
import { useRequest } from '../../api/index.ts';
import { detailText } from '../../app/i18n/error-text.ts';
import { FactList } from '../../components/FactList.tsx';
import { CopyButton } from '../sandbox/CopyButton.tsx';
import { RoutesTable } from './RoutesTable.tsx';

function HubEvents({ hub, index }: { hub: SandboxHubEvents; index: number }) {
  const { t } = useTranslation();
  const copyable = (value: string, label: string) => (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', fontFamily: 'monospace', wordBreak: 'break-all' }}>
      {value}
      <CopyButton value={value} label={label} />
    </Box>
  );
  const none = t('sandbox-routing.none');
  const facts = [
    { id: 'endpoint', label: t('sandbox-routing.endpoint'), value: copyable(hub.endpoint, t('sandbox-routing.endpoint')) },
    { id: 'entity-path', label: t('sandbox-routing.entityPath'), value: copyable(hub.entityPath, t('sandbox-routing.entityPath')) },
    { id: 'partitions', label: t('sandbox-routing.partitions'), value: String(hub.partitionCount) },
    { id: 'retention', label: t('sandbox-routing.retention'), value: t('sandbox-routing.retentionValue', { hours: hub.retentionHours }) },
    {
      id: 'consumer-groups',
      label: t('sandbox-routing.consumerGroups'),
      value: (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {hub.consumerGroups.map((group) => (
            <Chip key={group} label={group} size="small" />
          ))}
        </Stack>
      ),
    },
    { id: 'extra-endpoints', label: t('sandbox-routing.extraEndpoints'), value: hub.endpoints.map((e) => e.name).join(', ') || none },
    { id: 'fallback', label: t('sandbox-routing.fallback'), value: hub.fallbackEnabled ? t('sandbox-routing.fallbackOn') : t('sandbox-routing.fallbackOff') },
    {
      id: 'enrichments',
      label: t('sandbox-routing.enrichments'),
      value: hub.enrichments.map((e) => t('sandbox-routing.enrichmentValue', { key: e.key, value: e.value, endpoints: e.endpointNames.join(', ') })).join('; ') || none,
    },
  ];
  return (
    <Box component="section" aria-label={t('sandbox-routing.hub', { host: hub.hostName })} sx={{ mb: 3 }}>
      <Typography variant="subtitle1" component="h3" sx={{ mb: 1 }}>
        {t('sandbox-routing.hub', { host: hub.hostName })}
      </Typography>
      <FactList idPrefix={`sandbox-eventhub-${index + 1}`} facts={facts} />
      <Typography variant="subtitle2" component="h4" sx={{ mt: 2, mb: 1 }}>
        {t('sandbox-routing.routes')}
      </Typography>
      <RoutesTable hub={hub} />
    </Box>
  );
}

/** Each sandbox hub's built-in endpoint (no key), consumer groups and routes, read while the sandbox runs. */
export function EventHubSection({ running }: { running: boolean }) {
  const { t, i18n } = useTranslation();
  const { data, error, loading, reload } = useRequest('sandbox:eventHubs', {}, { skip: !running });
  return (
    <Paper variant="outlined" component="section" aria-labelledby="sandbox-eventhubs" sx={{ p: 3, mb: 3 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h2" id="sandbox-eventhubs" sx={{ flexGrow: 1 }}>
          {t('sandbox-routing.title')}
        </Typography>
        <Tooltip title={t('sandbox-routing.refresh')}>
          <span>
            <IconButton onClick={reload} disabled={!running || loading} aria-label={t('sandbox-routing.refresh')}>
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
      </Box>
      {error && running && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('sandbox-routing.failed', { code: error.code, message: detailText(i18n, error) })}
        </Alert>
      )}
      {data && running ? data.hubs.map((hub, index) => <HubEvents key={hub.hostName} hub={hub} index={index} />) : <Typography color="text.secondary">{t('sandbox-routing.notRunning')}</Typography>}
      <Alert severity="info" sx={{ mt: 1 }}>
        {t('sandbox-routing.keyNote')} {t('sandbox-routing.configureNote')}
      </Alert>
    </Paper>
  );
}
