import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../../api/index.ts';
import { fieldOrErrorText } from '../../app/i18n/error-text.ts';
import { TaskProgress } from '../tasks/TaskProgress.tsx';
import { useTasks } from '../tasks/use-tasks.ts';
import { BatchResults } from './BatchResults.tsx';
import type { PortChoice } from './PortPicker.tsx';
import { useQueue } from './use-batch.ts';

/** The batch queue: from a CSV (checked first) or by serial number; progress, counters, resume, export. */
export function BatchPanel({ port, groupId }: { port: PortChoice; groupId: string }) {
  const { t, i18n } = useTranslation();
  const queue = useQueue();
  const { tasks, cancel, resume } = useTasks('serial-batch');
  const [mode, setMode] = useState<'csv' | 'serial'>('csv');
  const [text, setText] = useState('');
  const [count, setCount] = useState(10);
  const [prefix, setPrefix] = useState('');
  const [advance, setAdvance] = useState<'auto' | 'replug'>('replug');
  const [register, setRegister] = useState(true);
  const [error, setError] = useState<ApiError>();

  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    setText(content);
    await queue.parse(content);
  };
  const start = async () => {
    setError(undefined);
    try {
      await api.invoke('serial:startBatch', {
        path: port.path,
        baudRate: port.baudRate,
        groupId,
        register,
        mode,
        advance,
        registrationPrefix: prefix,
        items: mode === 'csv' ? (queue.parsed?.items ?? []) : [],
        ...(mode === 'serial' ? { count } : {}),
      } as never);
    } catch (failure) {
      setError(toApiError(failure));
    }
  };
  const latest = tasks[0];
  const parsed = queue.parsed;
  return (
    <Stack spacing={2} aria-label={t('serial.batch.title')} component="section">
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField select label={t('serial.batch.mode')} value={mode} onChange={(e) => setMode(e.target.value as 'csv' | 'serial')} sx={{ minWidth: 220 }}>
          <MenuItem value="csv">{t('serial.batch.modeCsv')}</MenuItem>
          <MenuItem value="serial">{t('serial.batch.modeSerial')}</MenuItem>
        </TextField>
        <TextField select label={t('serial.batch.advance')} value={advance} onChange={(e) => setAdvance(e.target.value as 'auto' | 'replug')} sx={{ minWidth: 260 }}>
          <MenuItem value="replug">{t('serial.batch.advanceReplug')}</MenuItem>
          <MenuItem value="auto">{t('serial.batch.advanceAuto')}</MenuItem>
        </TextField>
        <FormControlLabel control={<Checkbox checked={register} onChange={(e) => setRegister(e.target.checked)} />} label={t('serial.push.register')} />
      </Stack>
      {mode === 'csv' ? (
        <Stack spacing={1}>
          <TextField label={t('serial.batch.csv')} value={text} onChange={(e) => setText(e.target.value)} onBlur={() => void queue.parse(text)} multiline minRows={4} helperText={t('serial.batch.csvHelp')} slotProps={{ htmlInput: { 'aria-label': t('serial.batch.csv') } }} />
          <Stack direction="row" spacing={1}>
            <Button onClick={() => void queue.parse(text)}>{t('serial.batch.check')}</Button>
            <Button component="label">
              {t('serial.batch.openCsv')}
              <input hidden type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void openFile(e)} />
            </Button>
          </Stack>
          {parsed && <Alert severity={parsed.problems.length ? 'error' : 'success'}>{t('serial.batch.parsed', { count: parsed.items.length })}</Alert>}
          {parsed?.problems.map((p) => (
            <Alert key={p.line} severity="error">
              {t('serial.batch.problem', { line: p.line, message: p.message })}
            </Alert>
          ))}
          {parsed && parsed.duplicates.length > 0 && <Alert severity="warning" data-testid="queue-duplicates">{t('serial.batch.duplicateIds', { ids: parsed.duplicates.join(', ') })}</Alert>}
          {parsed && parsed.alreadyPushed.length > 0 && <Alert severity="warning">{t('serial.batch.alreadyPushed', { ids: parsed.alreadyPushed.join(', ') })}</Alert>}
        </Stack>
      ) : (
        <Stack direction="row" spacing={2}>
          <TextField type="number" label={t('serial.batch.count')} value={count} onChange={(e) => setCount(Math.max(1, Number(e.target.value)))} sx={{ width: 160 }} />
          <TextField label={t('serial.push.prefix')} value={prefix} onChange={(e) => setPrefix(e.target.value)} helperText={t('serial.push.prefixHelp')} />
        </Stack>
      )}
      <Stack direction="row" spacing={1}>
        <Button variant="contained" onClick={() => void start()} disabled={!port.path || (mode === 'csv' && !parsed?.items.length) || latest?.status === 'running'}>
          {t('serial.batch.start')}
        </Button>
      </Stack>
      {error && <Alert severity="error">{fieldOrErrorText(i18n, error, 'groupId')}</Alert>}
      {latest && (
        <>
          <TaskProgress task={latest} onCancel={() => void cancel(latest.id)} onResume={() => void resume(latest.id)} />
          <BatchResults task={latest} />
        </>
      )}
    </Stack>
  );
}
