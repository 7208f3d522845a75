import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { IdentityPanel } from './IdentityPanel.tsx';
import { MessagePanel } from './MessagePanel.tsx';
import { MethodPanel } from './MethodPanel.tsx';
import { TwinPanel } from './TwinPanel.tsx';

const TABS = ['twin', 'methods', 'identity', 'message'] as const;

/** One device: its twin (tree, raw, edit), direct methods, identity and cloud-to-device messages. */
export function DeviceDetails({ hubHost, deviceId, onClose }: { hubHost: string; deviceId: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<(typeof TABS)[number]>('twin');
  const { data, error, loading, reload } = useRequest('devices:get', { hubHost, deviceId });
  return (
    <Box component="section" aria-label={t('devices.deviceLabel', { deviceId })}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
        <Button startIcon={<ArrowBackIcon />} onClick={onClose}>
          {t('devices.backToList')}
        </Button>
        <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
          {deviceId}
        </Typography>
        <Button onClick={reload} disabled={loading}>
          {t('devices.refresh')}
        </Button>
      </Box>
      {loading && <LinearProgress sx={{ mb: 1 }} />}
      {error && <Alert severity="error">{errorText(i18n, error)}</Alert>}
      <Tabs value={tab} onChange={(_, next: (typeof TABS)[number]) => setTab(next)} sx={{ mb: 2 }}>
        {TABS.map((id) => (
          <Tab key={id} value={id} label={t(`devices.tabs.${id}`)} />
        ))}
      </Tabs>
      {data && tab === 'twin' && <TwinPanel hubHost={hubHost} deviceId={deviceId} twin={data.twin} onChanged={reload} />}
      {tab === 'methods' && <MethodPanel hubHost={hubHost} deviceId={deviceId} />}
      {data && tab === 'identity' && <IdentityPanel hubHost={hubHost} identity={data.identity} onChanged={reload} onDeleted={onClose} />}
      {tab === 'message' && <MessagePanel hubHost={hubHost} deviceId={deviceId} />}
    </Box>
  );
}
