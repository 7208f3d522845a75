import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '../../../src-shared/contract/result.ts';
import { AttestationFields } from './AttestationFields.tsx';
import { jsonBytes, type EnrollmentFormValues } from './enrollment-form-model.ts';

interface Props {
  values: EnrollmentFormValues;
  onChange(values: EnrollmentFormValues): void;
  errors: ErrorDetail[];
  editing: boolean;
  linkedHubs: string[];
}

const POLICIES = ['hashed', 'geoLatency', 'static', 'custom'] as const;

/** Every field of an individual enrollment or group; a field shows its error from the last save beside it. */
export function EnrollmentFormFields({ values, onChange, errors, editing, linkedHubs }: Props) {
  const { t, i18n } = useTranslation();
  const set = (patch: Partial<EnrollmentFormValues>) => onChange({ ...values, ...patch });
  const field = (path: string, help?: string) => {
    const detail = errors.find((e) => e.path === path || e.path === `input.${path}`);
    const translated = detail?.key ? `enrollments.fieldErrors.${detail.key}` : null;
    const message = translated && i18n.exists(translated) ? t(translated, detail?.params ?? {}) : detail?.message;
    return { error: message !== undefined, helperText: message ?? help, id: `enrollment-${path.replace(/\./g, '-')}` };
  };
  const group = values.kind === 'group';
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField fullWidth required disabled={editing} label={t(group ? 'enrollments.form.groupId' : 'enrollments.form.id')} value={values.id} onChange={(e) => set({ id: e.target.value })} {...field('id')} />
        {!group && <TextField fullWidth label={t('enrollments.form.deviceId')} value={values.deviceId} onChange={(e) => set({ deviceId: e.target.value })} {...field('deviceId')} />}
      </Stack>
      <AttestationFields values={values} set={set} field={field} editing={editing} />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
        <TextField select label={t('enrollments.form.status')} value={values.status} onChange={(e) => set({ status: e.target.value as EnrollmentFormValues['status'] })} sx={{ minWidth: 160 }} {...field('status')}>
          <MenuItem value="enabled">{t('enrollments.form.enabled')}</MenuItem>
          <MenuItem value="disabled">{t('enrollments.form.disabled')}</MenuItem>
        </TextField>
        <FormControlLabel control={<Switch checked={values.iotEdge} onChange={(e) => set({ iotEdge: e.target.checked })} />} label={t('enrollments.form.iotEdge')} />
      </Stack>
      <TextField select label={t('enrollments.form.allocationPolicy')} value={values.allocationPolicy} onChange={(e) => set({ allocationPolicy: e.target.value as EnrollmentFormValues['allocationPolicy'] })} {...field('allocationPolicy')}>
        {POLICIES.map((p) => (
          <MenuItem key={p} value={p}>{t(`enrollments.form.${p}`)}</MenuItem>
        ))}
      </TextField>
      {values.allocationPolicy === 'static' ? (
        <TextField select label={t('enrollments.form.iotHubHostName')} value={values.iotHubHostName} onChange={(e) => set({ iotHubHostName: e.target.value })} {...field('iotHubHostName')}>
          {linkedHubs.map((hub) => (
            <MenuItem key={hub} value={hub}>{hub}</MenuItem>
          ))}
        </TextField>
      ) : (
        <TextField
          select
          label={t('enrollments.form.iotHubs')}
          value={values.iotHubs}
          slotProps={{ select: { multiple: true } }}
          onChange={(e) => set({ iotHubs: (typeof e.target.value === 'string' ? e.target.value.split(',') : (e.target.value as string[])).filter(Boolean) })}
          {...field('iotHubs')}
        >
          {linkedHubs.map((hub) => (
            <MenuItem key={hub} value={hub}>{hub}</MenuItem>
          ))}
        </TextField>
      )}
      {values.allocationPolicy === 'custom' && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextField fullWidth label={t('enrollments.form.webhookUrl')} value={values.webhookUrl} onChange={(e) => set({ webhookUrl: e.target.value })} {...field('webhookUrl')} />
          <TextField label={t('enrollments.form.webhookApiVersion')} value={values.webhookApiVersion} onChange={(e) => set({ webhookApiVersion: e.target.value })} {...field('webhookApiVersion')} />
        </Stack>
      )}
      <Stack>
        <FormControlLabel control={<Checkbox checked={values.updateHubAssignment} onChange={(e) => set({ updateHubAssignment: e.target.checked })} />} label={t('enrollments.form.updateHubAssignment')} />
        <FormControlLabel
          control={<Checkbox checked={values.migrateDeviceData} disabled={!values.updateHubAssignment} onChange={(e) => set({ migrateDeviceData: e.target.checked })} />}
          label={t('enrollments.form.migrateDeviceData')}
        />
      </Stack>
      <TwinSection label={t('enrollments.form.tags')} value={values.tagsJson} onChange={(tagsJson) => set({ tagsJson })} field={field('initialTwin.tags')} />
      <TwinSection label={t('enrollments.form.desired')} value={values.desiredJson} onChange={(desiredJson) => set({ desiredJson })} field={field('initialTwin.desired')} />
    </Stack>
  );
}

/** A JSON editor for one twin section, with its size against the 32 KB limit as help text. */
function TwinSection({ label, value, onChange, field }: { label: string; value: string; onChange(text: string): void; field: { error: boolean; helperText?: string; id: string } }) {
  const { t } = useTranslation();
  const bytes = jsonBytes(value);
  return (
    <TextField
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      multiline
      minRows={3}
      maxRows={12}
      slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
      {...field}
      error={field.error || bytes > 32_768}
      helperText={field.helperText ?? t('enrollments.form.bytes', { bytes: bytes.toLocaleString() })}
    />
  );
}
