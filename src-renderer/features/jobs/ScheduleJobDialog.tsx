import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { EMPTY_JOB_FORM, jobRequest, type FormErrors, type JobForm } from './schedule-job-model.ts';

/** Schedules a twin update or a direct method over a condition, showing first how many devices it matches. */
export function ScheduleJobDialog({ hubHost, onClose }: { hubHost: string; onClose(scheduled: boolean): void }) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<JobForm>(EMPTY_JOB_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const [matching, setMatching] = useState<number | null>(null);
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<JobForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    if ('condition' in patch) setMatching(null);
  };
  const fieldProps = (field: keyof JobForm) => ({
    value: form[field],
    onChange: (e: { target: { value: string } }) => set({ [field]: e.target.value }),
    error: errors[field] !== undefined,
    helperText: errors[field] ? t(`jobs.errors.${errors[field]}`) : ' ',
  });
  const preview = () => {
    setFailure(undefined);
    api.invoke('jobs:preview', { hubHost, condition: form.condition.trim() }).then((r) => setMatching(r.matching), (e: unknown) => setFailure(toApiError(e)));
  };
  const submit = () => {
    const built = jobRequest(hubHost, form);
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    api.invoke('jobs:schedule', built.request).then(() => onClose(true), (e: unknown) => setFailure(toApiError(e))).finally(() => setBusy(false));
  };
  const json = { htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } };
  return (
    <Dialog open onClose={() => onClose(false)} fullWidth maxWidth="md">
      <DialogTitle>{t('jobs.scheduleTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            <TextField label={t('jobs.condition')} {...fieldProps('condition')} fullWidth placeholder={t('jobs.conditionExample')} slotProps={json} />
            <Button onClick={preview} disabled={form.condition.trim() === ''} sx={{ mt: 1, whiteSpace: 'nowrap' }}>
              {t('jobs.preview')}
            </Button>
          </Stack>
          {matching !== null && (
            <Alert severity={matching === 0 ? 'warning' : 'info'} role="status">
              {t('jobs.matching', { count: matching })}
            </Alert>
          )}
          <RadioGroup row value={form.type} onChange={(e) => set({ type: e.target.value as JobForm['type'] })} aria-label={t('jobs.type')}>
            <FormControlLabel value="twin" control={<Radio />} label={t('jobs.types.scheduleUpdateTwin')} />
            <FormControlLabel value="method" control={<Radio />} label={t('jobs.types.scheduleDeviceMethod')} />
          </RadioGroup>
          {form.type === 'twin' ? (
            <Stack direction="row" spacing={2}>
              <TextField label={t('jobs.tags')} {...fieldProps('tags')} multiline minRows={4} fullWidth slotProps={json} />
              <TextField label={t('jobs.desired')} {...fieldProps('desired')} multiline minRows={4} fullWidth slotProps={json} />
            </Stack>
          ) : (
            <>
              <Stack direction="row" spacing={2}>
                <TextField label={t('jobs.methodName')} {...fieldProps('methodName')} />
                <TextField label={t('jobs.responseTimeout')} type="number" {...fieldProps('responseTimeout')} />
              </Stack>
              <TextField label={t('jobs.payload')} {...fieldProps('payload')} multiline minRows={3} slotProps={json} />
            </>
          )}
          <Stack direction="row" spacing={2}>
            <TextField label={t('jobs.startAt')} type="datetime-local" {...fieldProps('startAt')} helperText={errors.startAt ? t(`jobs.errors.${errors.startAt}`) : t('jobs.startNow')} slotProps={{ inputLabel: { shrink: true } }} />
            <TextField label={t('jobs.maxExecution')} type="number" {...fieldProps('maxExecution')} />
          </Stack>
          {failure && <Alert severity="error">{errorText(i18n, failure)}</Alert>}
          <Typography variant="body2" color="text.secondary">{t('jobs.scheduleHint')}</Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>{t('jobs.close')}</Button>
        <Button variant="contained" onClick={submit} disabled={busy}>
          {t('jobs.scheduleConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
