import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Box from '@mui/material/Box';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
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
  const openDevice = (id: string) => {
    setDeviceId(id);
    setTab('device');
  };
  return (
    <>
      <PageHeader title={t('areas.timeline.title')} />
      <Tabs value={tab} onChange={(_, next: TabId) => setTab(next)} sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}>
        {TABS.map((id) => (
          <Tab key={id} value={id} label={t(`timeline.tabs.${id}`)} id={`timeline-tab-${id}`} aria-controls={`timeline-panel-${id}`} />
        ))}
      </Tabs>
      <Box role="tabpanel" id={`timeline-panel-${tab}`} aria-labelledby={`timeline-tab-${tab}`}>
        {tab === 'device' && <DeviceTimelineTab key={deviceId} initialId={deviceId} />}
        {tab === 'funnel' && <FunnelTab />}
        {tab === 'inventory' && <InventoryTab onOpen={openDevice} />}
        {tab === 'reconcile' && <ReconciliationTab />}
      </Box>
    </>
  );
}
