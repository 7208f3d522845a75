import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BAUD_RATES, type SerialPortInfo } from '../../../src-shared/contract/channels/serial.ts';

export interface PortChoice {
  path: string;
  baudRate: number;
}

function portLabel(port: SerialPortInfo): string {
  const ids = port.vendorId ? ` (${port.vendorId}:${port.productId ?? '?'}${port.serialNumber ? ` · ${port.serialNumber}` : ''})` : '';
  return `${port.path}${port.manufacturer ? ` — ${port.manufacturer}` : ''}${ids}`;
}

/** Port list with auto-detect (a Pi gadget port is chosen by itself), a manual path, and the baud rate. */
export function PortPicker({ ports, value, onChange, error }: { ports: SerialPortInfo[]; value: PortChoice; onChange(next: PortChoice): void; error?: string | undefined }) {
  const { t } = useTranslation();
  const agentPort = ports.find((p) => p.likelyAgent);
  useEffect(() => {
    if (!value.path && agentPort) onChange({ ...value, path: agentPort.path });
  }, [agentPort, value, onChange]);
  const listed = ports.some((p) => p.path === value.path);
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField select label={t('serial.port.detected')} value={listed ? value.path : ''} onChange={(e) => onChange({ ...value, path: e.target.value })} sx={{ minWidth: 280, flexGrow: 1 }} disabled={ports.length === 0}>
          {ports.map((port) => (
            <MenuItem key={port.path} value={port.path}>
              {portLabel(port)}
              {port.likelyAgent ? ` · ${t('serial.port.pi')}` : ''}
            </MenuItem>
          ))}
        </TextField>
        <TextField label={t('serial.port.manual')} value={value.path} onChange={(e) => onChange({ ...value, path: e.target.value })} placeholder={t('serial.port.placeholder')} error={Boolean(error)} helperText={error ?? t('serial.port.manualHelp')} sx={{ flexGrow: 1 }} slotProps={{ htmlInput: { 'aria-label': t('serial.port.manual') } }} />
        <TextField select label={t('serial.port.baud')} value={value.baudRate} onChange={(e) => onChange({ ...value, baudRate: Number(e.target.value) })} sx={{ width: 140 }}>
          {BAUD_RATES.map((rate) => (
            <MenuItem key={rate} value={rate}>
              {rate}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {ports.length === 0 && (
        <Alert severity="info" data-testid="no-port-help">
          <AlertTitle>{t('serial.noPort.title')}</AlertTitle>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            <li>{t('serial.noPort.cable')}</li>
            <li>{t('serial.noPort.drivers')}</li>
            <li>{t('serial.noPort.dialout')}</li>
            <li>{t('serial.noPort.gadget')}</li>
          </ul>
        </Alert>
      )}
    </Stack>
  );
}
