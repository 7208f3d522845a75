import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';

interface Props {
  status: SimulatorStatus;
  busy: boolean;
  onStart(): void;
  onPause(): void;
  onResume(): void;
  onStop(): void;
  onScale(count: number): void;
}

/** Start, pause/resume, stop, and scale the fleet to a number of devices. */
export function FleetControls({ status, busy, onStart, onPause, onResume, onStop, onScale }: Props) {
  const { t } = useTranslation();
  const [count, setCount] = useState(String(status.counters.devices || ''));
  useEffect(() => setCount(String(status.counters.devices || '')), [status.counters.devices]);
  const live = status.state === 'running' || status.state === 'paused';
  const target = Number(count);
  const scalable = live && /^\d+$/.test(count) && target >= 1 && target <= 10_000 && target !== status.counters.devices;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      {status.state === 'idle' && (
        <Button variant="contained" onClick={onStart} disabled={busy}>
          {t('simulator.start')}
        </Button>
      )}
      {status.state === 'running' && (
        <Button variant="outlined" onClick={onPause} disabled={busy}>
          {t('simulator.pause')}
        </Button>
      )}
      {status.state === 'paused' && (
        <Button variant="outlined" onClick={onResume} disabled={busy}>
          {t('simulator.resume')}
        </Button>
      )}
      {status.state !== 'idle' && (
        <>
          <TextField
            size="small"
            sx={{ width: 110 }}
            label={t('simulator.scaleTo')}
            value={count}
            onChange={(e) => setCount(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && scalable) onScale(target);
            }}
            disabled={!live || busy}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          />
          <Button variant="outlined" onClick={() => onScale(target)} disabled={!scalable || busy}>
            {t('simulator.scale')}
          </Button>
          <Button variant="outlined" color="error" onClick={onStop} disabled={busy || status.state === 'stopping'}>
            {t('simulator.stop')}
          </Button>
        </>
      )}
    </Stack>
  );
}
