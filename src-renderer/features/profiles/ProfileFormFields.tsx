import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormHelperText from '@mui/material/FormHelperText';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { ProfileDetails } from '../../../src-shared/contract/channels/profiles.ts';
import type { ErrorDetail } from '../../../src-shared/contract/result.ts';
import { detailText } from '../../app/i18n/error-text.ts';
import { messagesFor, nonAzureHosts, storedLabel, type ProfileFormValues } from './profile-form-model.ts';

interface Props {
  values: ProfileFormValues;
  onChange(values: ProfileFormValues): void;
  errors: ErrorDetail[];
  editing: ProfileDetails | null;
}

export function ProfileFormFields({ values, onChange, errors, editing }: Props) {
  const { t, i18n } = useTranslation();
  const set = (patch: Partial<ProfileFormValues>) => onChange({ ...values, ...patch });
  const setHub = (index: number, patch: Partial<ProfileFormValues['hubs'][number]>) =>
    set({ hubs: values.hubs.map((h, i) => (i === index ? { ...h, ...patch } : h)) });
  const keys = values.auth === 'keys';
  const stored = editing?.azure;
  const keep = t('profileManager.keepStored');
  // A field shows the server's message when there is one, else its help text.
  const field = (path: string, help?: string) => {
    const message = messagesFor(errors, path, (d) => detailText(i18n, d));
    return { error: message !== undefined, helperText: message ?? help, id: `profile-${path.replace(/\./g, '-')}` };
  };
  const tokenHosts = nonAzureHosts(values);
  const secretProps = { type: 'password', autoComplete: 'off', slotProps: { htmlInput: { spellCheck: false } } } as const;

  return (
    <>
      <TextField label={t('profileManager.name')} value={values.name} onChange={(e) => set({ name: e.target.value })} required {...field('name')} />
      <TextField select label={t('profileManager.auth')} value={values.auth} onChange={(e) => set({ auth: e.target.value as ProfileFormValues['auth'] })} {...field('auth')}>
        <MenuItem value="keys">{t('profileManager.authKeys')}</MenuItem>
        <MenuItem value="entra">{t('profileManager.authEntra')}</MenuItem>
      </TextField>
      {!keys && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextField label={t('profileManager.tenantId')} value={values.tenantId} onChange={(e) => set({ tenantId: e.target.value })} fullWidth {...field('entra.tenantId')} />
          <TextField label={t('profileManager.clientId')} value={values.clientId} onChange={(e) => set({ clientId: e.target.value })} fullWidth {...field('entra.clientId')} />
          <TextField select label={t('profileManager.flow')} value={values.flow} onChange={(e) => set({ flow: e.target.value as ProfileFormValues['flow'] })} sx={{ minWidth: 200 }}>
            <MenuItem value="deviceCode">{t('profileManager.flowDeviceCode')}</MenuItem>
            <MenuItem value="interactive">{t('profileManager.flowInteractive')}</MenuItem>
          </TextField>
        </Stack>
      )}
      <Typography variant="subtitle2" component="h3">{t('profileManager.dpsHeading')}</Typography>
      {keys ? (
        <TextField
          label={t('profileManager.dpsConnectionString')}
          value={values.dpsConnectionString}
          onChange={(e) => set({ dpsConnectionString: e.target.value })}
          {...secretProps}
          {...field('dpsConnectionString', stored?.auth === 'keys' && !editing?.missingSecrets.includes('dps') ? `${keep} ${storedLabel(stored.dps)}` : t('profileManager.dpsHelp'))}
        />
      ) : (
        <TextField label={t('profileManager.dpsHost')} value={values.dpsHost} onChange={(e) => set({ dpsHost: e.target.value })} {...field('dpsHost')} />
      )}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField label={t('profileManager.idScope')} value={values.idScope} onChange={(e) => set({ idScope: e.target.value })} fullWidth {...field('idScope')} />
        <TextField label={t('profileManager.globalEndpoint')} value={values.globalEndpoint} onChange={(e) => set({ globalEndpoint: e.target.value })} fullWidth {...field('globalEndpoint')} />
      </Stack>
      <Typography variant="subtitle2" component="h3">{t('profileManager.hubsHeading')}</Typography>
      {values.hubs.map((hub, index) => (
        <Stack key={index} direction="row" spacing={1} alignItems="flex-start">
          {keys ? (
            <TextField
              label={t('profileManager.hubConnectionString', { n: index + 1 })}
              value={hub.connectionString}
              onChange={(e) => setHub(index, { connectionString: e.target.value })}
              fullWidth
              {...secretProps}
              {...field(`hubs.${index}.connectionString`, hub.stored ? `${keep} ${hub.stored}` : t('profileManager.hubHelp'))}
            />
          ) : (
            <TextField label={t('profileManager.hubHost', { n: index + 1 })} value={hub.host} onChange={(e) => setHub(index, { host: e.target.value })} fullWidth {...field(`hubs.${index}.host`)} />
          )}
          <IconButton aria-label={t('profileManager.removeHub', { n: index + 1 })} disabled={values.hubs.length === 1} onClick={() => set({ hubs: values.hubs.filter((_, i) => i !== index) })}>
            <DeleteIcon />
          </IconButton>
        </Stack>
      ))}
      <Button startIcon={<AddIcon />} onClick={() => set({ hubs: [...values.hubs, { connectionString: '', host: '', stored: null }] })} sx={{ alignSelf: 'flex-start' }}>
        {t('profileManager.addHub')}
      </Button>
      {tokenHosts.length > 0 && (
        <Stack>
          <FormControlLabel
            control={<Checkbox checked={values.confirmNonAzureHosts} onChange={(e) => set({ confirmNonAzureHosts: e.target.checked })} data-testid="profile-confirm-non-azure-hosts" />}
            label={t('profileManager.confirmNonAzureHosts', { hosts: tokenHosts.join(', ') })}
          />
          <FormHelperText sx={{ mt: 0 }}>{t('profileManager.confirmNonAzureHostsHelp')}</FormHelperText>
        </Stack>
      )}
      <FormControlLabel control={<Switch checked={values.eventHubEnabled} onChange={(e) => set({ eventHubEnabled: e.target.checked })} />} label={t('profileManager.eventHubToggle')} />
      {values.eventHubEnabled && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextField
            label={t('profileManager.eventHubConnectionString')}
            value={values.eventHubConnectionString}
            onChange={(e) => set({ eventHubConnectionString: e.target.value })}
            fullWidth
            {...secretProps}
            {...field('eventHub.connectionString', stored?.eventHub && !editing?.missingSecrets.includes('eventhub') ? `${keep} ${storedLabel(stored.eventHub)}` : undefined)}
          />
          <TextField label={t('profileManager.consumerGroup')} value={values.consumerGroup} onChange={(e) => set({ consumerGroup: e.target.value })} {...field('eventHub.consumerGroup')} />
        </Stack>
      )}
      <TextField
        label={t('profileManager.caCertificate')}
        value={values.caCertificatePem}
        onChange={(e) => set({ caCertificatePem: e.target.value })}
        multiline
        minRows={2}
        maxRows={8}
        {...field('caCertificatePem', t('profileManager.caHelp'))}
      />
    </>
  );
}
