import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { usePollNow } from './use-timeline.ts';
import { DeviceTimelineTab } from './DeviceTimelineTab.tsx';
import { FunnelTab } from './FunnelTab.tsx';
import { InventoryTab } from './InventoryTab.tsx';
import { ReconciliationTab } from './ReconciliationTab.tsx';

const TABS = ['device', 'funnel', 'inventory', 'reconcile'] as const;
type TabId = (typeof TABS)[number];

/** What happened to each device and the fleet: a device's timeline, the funnel, the inventory, reconciliation. */
export default function TimelinePage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabId>('device');
  const [deviceId, setDeviceId] = useState<string>();
  // Bumped after a DPS check so the open tab asks again.
  const [generation, setGeneration] = useState(0);
  const { poll, polling } = usePollNow(() => setGeneration((n) => n + 1));
  const openDevice = (id: string) => {
    setDeviceId(id);
    setTab('device');
  };
  return (
    <>
      <PageHeader
        title={t('areas.timeline.title')}
        actions={
          <Button variant="outlined" onClick={() => void poll()} disabled={polling}>
            {t('timeline.pollNow')}
          </Button>
        }
      />
      <Tabs value={tab} onChange={(_, next: TabId) => setTab(next)} sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}>
        {TABS.map((id) => (
          <Tab key={id} value={id} label={t(`timeline.tabs.${id}`)} id={`timeline-tab-${id}`} aria-controls={`timeline-panel-${id}`} />
        ))}
      </Tabs>
      <Box role="tabpanel" id={`timeline-panel-${tab}`} aria-labelledby={`timeline-tab-${tab}`} key={generation}>
        {tab === 'device' && <DeviceTimelineTab initialId={deviceId} onOpen={setDeviceId} />}
        {tab === 'funnel' && <FunnelTab />}
        {tab === 'inventory' && <InventoryTab onOpen={openDevice} />}
        {tab === 'reconcile' && <ReconciliationTab />}
      </Box>
    </>
  );
}
