import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldOrErrorText } from '../../app/i18n/error-text.ts';
import { DeviceLabel } from './DeviceLabel.tsx';
import type { PortChoice } from './PortPicker.tsx';
import { StepProgress } from './StepProgress.tsx';
import { usePush } from './use-push.ts';

/** One device: group, registration id (typed or from its serial number), push with live steps, retry, label. */
export function PushPanel({ port, groupId }: { port: PortChoice; groupId: string }) {
  const { t, i18n } = useTranslation();
  const push = usePush();
  const [fromSerial, setFromSerial] = useState(false);
  const [registrationId, setRegistrationId] = useState('');
  const [prefix, setPrefix] = useState('');
  const [expectedSerial, setExpectedSerial] = useState('');
  const [register, setRegister] = useState(true);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (push.running) return;
    void push.start({
      path: port.path,
      baudRate: port.baudRate,
      groupId,
      register,
      ...(fromSerial ? { registrationPrefix: prefix } : { registrationId: registrationId.trim() }),
      ...(expectedSerial.trim() ? { expectedSerial: expectedSerial.trim() } : {}),
    });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
  };
  const fieldError = (path: string) => (push.error?.details.some((d) => d.path === path) ? fieldOrErrorText(i18n, push.error, path) : undefined);
  const failure = push.report?.error;

  return (
    <Stack component="form" spacing={2} onSubmit={submit} onKeyDown={onKeyDown} aria-label={t('serial.push.title')} noValidate>
      <FormControlLabel control={<Switch checked={fromSerial} onChange={(e) => setFromSerial(e.target.checked)} />} label={t('serial.push.fromSerial')} />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        {fromSerial ? (
          <TextField label={t('serial.push.prefix')} value={prefix} onChange={(e) => setPrefix(e.target.value)} error={Boolean(fieldError('registrationPrefix'))} helperText={fieldError('registrationPrefix') ?? t('serial.push.prefixHelp')} sx={{ flexGrow: 1 }} />
        ) : (
          <TextField label={t('serial.push.registrationId')} value={registrationId} onChange={(e) => setRegistrationId(e.target.value)} error={Boolean(fieldError('registrationId'))} helperText={fieldError('registrationId')} required sx={{ flexGrow: 1 }} />
        )}
        <TextField label={t('serial.push.expectedSerial')} value={expectedSerial} onChange={(e) => setExpectedSerial(e.target.value)} helperText={t('serial.push.expectedSerialHelp')} sx={{ flexGrow: 1 }} />
      </Stack>
      <FormControlLabel control={<Checkbox checked={register} onChange={(e) => setRegister(e.target.checked)} />} label={t('serial.push.register')} />
      <Stack direction="row" spacing={1}>
        <Button type="submit" variant="contained" disabled={push.running || !port.path}>
          {failure ? t('serial.push.retry') : t('serial.push.start')}
        </Button>
        {push.running && <Button onClick={push.cancel}>{t('serial.push.cancel')}</Button>}
      </Stack>
      <StepProgress steps={push.steps} />
      {push.error && !fieldError('registrationId') && !fieldError('registrationPrefix') && (
        <Alert severity="error" data-testid="push-error">
          {fieldOrErrorText(i18n, push.error, push.error.details.some((d) => d.path === 'path') ? 'path' : 'groupId')}
        </Alert>
      )}
      {failure && (
        <Alert severity="error" data-testid="push-failure">
          {t('serial.push.failed', { step: t(`serial.steps.${failure.step}`), code: failure.code })} {failure.message}
        </Alert>
      )}
      {push.report?.ok && (
        <Alert severity="success" data-testid="push-success">
          {push.report.assignedHub
            ? t('serial.push.doneAssigned', { id: push.report.registrationId, hub: push.report.assignedHub, fingerprint: push.report.keyFingerprint })
            : t('serial.push.done', { id: push.report.registrationId, fingerprint: push.report.keyFingerprint })}
        </Alert>
      )}
      {push.report?.ok && push.report.registrationId && <DeviceLabel registrationId={push.report.registrationId} serial={push.report.serial} />}
    </Stack>
  );
}
