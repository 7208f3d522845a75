import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';
import { api, toApiError } from '../../api/index.ts';
import { detailText, errorText } from '../../app/i18n/error-text.ts';
import { EMPTY_FORM, FIELD_OF_PATH, toFleetOptions, type FormErrors, type StartFleetForm } from './start-fleet-form.ts';

interface Props {
  open: boolean;
  onClose(): void;
  onStarted(status: SimulatorStatus): void;
}

/** Where the fleet comes from, how many, how devices register and what they send. */
export function StartFleetDialog({ open, onClose, onStarted }: Props) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<StartFleetForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<keyof StartFleetForm, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof StartFleetForm>(key: K, value: StartFleetForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const helper = (key: keyof StartFleetForm, hint?: string) => (errors[key] ? t(errors[key]) : (serverErrors[key] ?? hint));
  const field = (key: keyof StartFleetForm, hint?: string) => ({
    id: `simulator-${key}`,
    value: form[key] as string,
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as never),
    error: Boolean(errors[key] ?? serverErrors[key]),
    helperText: helper(key, hint),
    fullWidth: true,
    size: 'small' as const,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setServerErrors({});
    const built = toFleetOptions(form);
    if (!built.ok) return setErrors(built.errors);
    setErrors({});
    setBusy(true);
    api.invoke('simulator:start', built.options).then(
      (status) => onStarted(status),
      (error: unknown) => {
        const e = toApiError(error);
        const named: Partial<Record<keyof StartFleetForm, string>> = {};
        for (const detail of e.details) {
          const key = FIELD_OF_PATH[detail.path];
          if (key) named[key] = detailText(i18n, detail);
        }
        setServerErrors(named);
        setFailure(errorText(i18n, e));
      },
    ).finally(() => setBusy(false));
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="simulator-start-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="simulator-start-title">{t('simulator.form.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField select label={t('simulator.form.source')} {...field('sourceKind')}>
              <MenuItem value="group">{t('simulator.form.sources.group')}</MenuItem>
              <MenuItem value="create">{t('simulator.form.sources.create')}</MenuItem>
              <MenuItem value="individual">{t('simulator.form.sources.individual')}</MenuItem>
            </TextField>
            {form.sourceKind === 'group' && <TextField label={t('simulator.form.groupId')} {...field('groupId')} autoFocus />}
            {form.sourceKind === 'create' && (
              <TextField select label={t('simulator.form.attestation')} {...field('attestation')}>
                <MenuItem value="symmetricKey">{t('simulator.form.attestations.symmetricKey')}</MenuItem>
                <MenuItem value="x509">{t('simulator.form.attestations.x509')}</MenuItem>
              </TextField>
            )}
            {form.sourceKind === 'individual' ? (
              <TextField label={t('simulator.form.registrationIds')} multiline minRows={3} {...field('registrationIds', t('simulator.form.registrationIdsHint'))} />
            ) : (
              <Stack direction="row" spacing={2}>
                <TextField label={t('simulator.form.count')} inputMode="numeric" {...field('count', t('simulator.form.countHint'))} />
                <TextField label={t('simulator.form.idPattern')} {...field('idPattern', t('simulator.form.idPatternHint'))} />
              </Stack>
            )}
            <Stack direction="row" spacing={2}>
              <TextField select label={t('simulator.form.transport')} {...field('transport')}>
                <MenuItem value="mqtt">{t('simulator.form.transports.mqtt')}</MenuItem>
                <MenuItem value="http">{t('simulator.form.transports.http')}</MenuItem>
              </TextField>
              <TextField label={t('simulator.form.payload')} {...field('payload', t('simulator.form.payloadHint'))} />
            </Stack>
            <Typography variant="subtitle2" component="h3">
              {t('simulator.form.telemetry')}
            </Typography>
            <TextField select label={t('simulator.form.telemetrySource')} {...field('telemetryKind')}>
              <MenuItem value="sample">{t('simulator.form.telemetrySources.sample')}</MenuItem>
              <MenuItem value="file">{t('simulator.form.telemetrySources.file')}</MenuItem>
              <MenuItem value="generators">{t('simulator.form.telemetrySources.generators')}</MenuItem>
            </TextField>
            {form.telemetryKind === 'sample' && (
              <TextField select label={t('simulator.form.sample')} {...field('sample')}>
                <MenuItem value="random_telemetry">{t('simulator.form.samples.random_telemetry')}</MenuItem>
                <MenuItem value="thermostat">{t('simulator.form.samples.thermostat')}</MenuItem>
              </TextField>
            )}
            {form.telemetryKind === 'file' && <TextField label={t('simulator.form.filePath')} {...field('filePath', t('simulator.form.filePathHint'))} />}
            {form.telemetryKind === 'generators' && (
              <Stack direction="row" spacing={2}>
                <TextField label={t('simulator.form.fieldName')} {...field('fieldName')} />
                <TextField select label={t('simulator.form.generator')} {...field('generator')}>
                  {(['random-walk', 'sine', 'step', 'counter'] as const).map((kind) => (
                    <MenuItem key={kind} value={kind}>
                      {t(`simulator.form.generators.${kind}`)}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField label={t('simulator.form.min')} {...field('min')} />
                <TextField label={t('simulator.form.max')} {...field('max')} />
              </Stack>
            )}
            <Stack direction="row" spacing={2}>
              <TextField label={t('simulator.form.interval')} {...field('intervalSeconds')} />
              <TextField label={t('simulator.form.jitter')} {...field('jitterMs')} />
            </Stack>
            <FormControlLabel control={<Checkbox checked={form.reprovision} onChange={(e) => set('reprovision', e.target.checked)} />} label={t('simulator.form.reprovision')} />
            {failure && (
              <Typography color="error" role="alert">
                {failure}
              </Typography>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {t('simulator.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {t('simulator.form.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
