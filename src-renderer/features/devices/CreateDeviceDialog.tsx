import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateDeviceRequest } from '../../../src-shared/contract/channels/devices.ts';
import { api, toApiError, type ApiError } from '../../api/index.ts';
import { errorText, fieldOrErrorText } from '../../app/i18n/error-text.ts';

type AuthChoice = CreateDeviceRequest['auth']['type'];

/** A new device identity: id, symmetric key (generated), X.509 thumbprints or CA-signed, enabled or not. */
export function CreateDeviceDialog({ open, hubHost, onClose }: { open: boolean; hubHost: string; onClose(createdId?: string): void }) {
  const { t, i18n } = useTranslation();
  const [deviceId, setDeviceId] = useState('');
  const [auth, setAuth] = useState<AuthChoice>('sas');
  const [primary, setPrimary] = useState('');
  const [secondary, setSecondary] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const submit = () => {
    const authentication: CreateDeviceRequest['auth'] =
      auth === 'selfSigned' ? { type: 'selfSigned', primaryThumbprint: primary.trim(), ...(secondary.trim() ? { secondaryThumbprint: secondary.trim() } : {}) } : { type: auth };
    setBusy(true);
    api.invoke('devices:create', { hubHost, deviceId: deviceId.trim(), status: enabled ? 'enabled' : 'disabled', auth: authentication }).then(
      (created) => {
        setError(undefined);
        setDeviceId('');
        onClose(created.deviceId);
      },
      (failure: unknown) => setError(toApiError(failure)),
    ).finally(() => setBusy(false));
  };
  const fieldError = (path: string) => (error?.details.some((d) => d.path === path) ? fieldOrErrorText(i18n, error, path) : undefined);

  return (
    <Dialog open={open} onClose={() => onClose()} fullWidth maxWidth="sm">
      <DialogTitle>{t('devices.createTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField label={t('devices.deviceId')} value={deviceId} onChange={(e) => setDeviceId(e.target.value)} autoFocus required error={!!fieldError('deviceId')} helperText={fieldError('deviceId')} />
          <TextField select label={t('devices.authType')} value={auth} onChange={(e) => setAuth(e.target.value as AuthChoice)}>
            <MenuItem value="sas">{t('devices.auth.sas')}</MenuItem>
            <MenuItem value="selfSigned">{t('devices.auth.selfSigned')}</MenuItem>
            <MenuItem value="certificateAuthority">{t('devices.auth.certificateAuthority')}</MenuItem>
          </TextField>
          {auth === 'selfSigned' && (
            <>
              <TextField label={t('devices.primaryThumbprint')} value={primary} onChange={(e) => setPrimary(e.target.value)} error={!!fieldError('auth.primaryThumbprint')} helperText={fieldError('auth.primaryThumbprint')} />
              <TextField label={t('devices.secondaryThumbprint')} value={secondary} onChange={(e) => setSecondary(e.target.value)} error={!!fieldError('auth.secondaryThumbprint')} helperText={fieldError('auth.secondaryThumbprint')} />
            </>
          )}
          <FormControlLabel control={<Switch checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />} label={t('devices.enabled')} />
          {error && error.details.length === 0 && <div role="alert">{errorText(i18n, error)}</div>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose()}>{t('devices.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={busy || deviceId.trim() === ''}>
          {t('devices.createConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
