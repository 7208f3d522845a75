import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { SimulatedDevice } from '../../../src-shared/contract/channels/simulator.ts';
import { FactList } from '../../components/FactList.tsx';
import { useDeviceLog } from './use-simulator.ts';

const LEVEL_COLOR = { info: 'text.primary', warn: 'warning.main', error: 'error.main' } as const;

/** One simulated device: its state and its log, live. */
export function DeviceLogDialog({ device, onClose, onReprovision }: { device: SimulatedDevice | null; onClose(): void; onReprovision(id: string): void }) {
  const { t, i18n } = useTranslation();
  const lines = useDeviceLog(device?.id ?? null);
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (!device) return null;
  const facts = [
    { id: 'state', label: t('simulator.devices.state'), value: t(`simulator.states.${device.state}`) },
    { id: 'device', label: t('simulator.devices.deviceId'), value: device.deviceId ?? '—' },
    { id: 'hub', label: t('simulator.devices.hub'), value: device.hubHost ?? '—' },
    { id: 'messages', label: t('simulator.devices.messages'), value: device.messages },
    { id: 'interval', label: t('simulator.devices.interval'), value: t('simulator.devices.seconds', { value: device.telemetryIntervalMs / 1000 }) },
  ];
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="simulator-device-title">
      <DialogTitle id="simulator-device-title">{device.id}</DialogTitle>
      <DialogContent>
        <FactList idPrefix="simulator-device" facts={facts} />
        <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
          {t('simulator.devices.log')}
        </Typography>
        <Box component="ol" aria-label={t('simulator.devices.log')} data-testid="simulator-device-log" sx={{ listStyle: 'none', p: 0, m: 0, fontFamily: 'monospace', fontSize: 13, maxHeight: 320, overflow: 'auto' }}>
          {lines.length === 0 && <li>{t('simulator.devices.noLog')}</li>}
          {lines.map((line, i) => (
            <Box component="li" key={`${line.at}-${i}`} sx={{ color: LEVEL_COLOR[line.level] }}>
              {time.format(line.at)} {line.text}
            </Box>
          ))}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onReprovision(device.id)}>{t('simulator.devices.reprovision')}</Button>
        <Button onClick={onClose} autoFocus>
          {t('simulator.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
