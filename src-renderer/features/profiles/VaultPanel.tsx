import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, useEvent, useRequest } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { fieldOrErrorText } from '../../app/i18n/error-text.ts';

/** Where secrets are kept, why (when they are not persisted), and the passphrase to set or unlock. */
export function VaultPanel() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const { data: status, reload } = useRequest('vault:status', {});
  useEvent('profiles:changed', reload);
  const [passphrase, setPassphrase] = useState('');
  const [current, setCurrent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [currentError, setCurrentError] = useState<string | null>(null);

  if (!status) return null;
  const unlocking = status.locked;
  const changing = !unlocking && status.mode === 'passphrase';
  const submit = async () => {
    try {
      if (unlocking) await api.invoke('vault:unlock', { passphrase });
      else await api.invoke('vault:setPassphrase', changing ? { passphrase, currentPassphrase: current } : { passphrase });
      setPassphrase('');
      setCurrent('');
      setError(null);
      setCurrentError(null);
      notify({ message: t(unlocking ? 'vault.unlocked' : 'vault.passphraseSet'), severity: 'success' });
      reload();
    } catch (failure) {
      const e = toApiError(failure);
      const onCurrent = e.details.some((d) => d.path === 'currentPassphrase');
      setCurrentError(onCurrent ? fieldOrErrorText(i18n, e, 'currentPassphrase') : null);
      setError(onCurrent ? null : fieldOrErrorText(i18n, e, 'passphrase'));
    }
  };

  return (
    <Stack spacing={1.5} data-testid="vault-panel">
      <Typography variant="subtitle1" component="h3">
        {t('vault.heading')}
      </Typography>
      <Alert severity={status.persistent && !status.locked ? 'success' : 'warning'} data-testid="vault-status">
        {t(`vault.mode.${status.mode}`, { backend: status.backend })}
        {status.reason ? ` ${status.reason}` : ''}
      </Alert>
      {(status.canSetPassphrase || unlocking) && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems="flex-start">
          {changing && (
            <TextField
              type="password"
              size="small"
              autoComplete="current-password"
              label={t('vault.currentPassphraseLabel')}
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              error={currentError !== null}
              helperText={currentError ?? undefined}
              sx={{ minWidth: 220 }}
            />
          )}
          <TextField
            type="password"
            size="small"
            autoComplete={unlocking ? 'current-password' : 'new-password'}
            label={t(unlocking ? 'vault.unlockLabel' : 'vault.passphraseLabel')}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            error={error !== null}
            helperText={error ?? (unlocking ? undefined : t('vault.passphraseHelp'))}
            sx={{ minWidth: 280 }}
          />
          <Button variant="outlined" onClick={() => void submit()} disabled={passphrase === '' || (changing && current === '')}>
            {t(unlocking ? 'vault.unlock' : status.mode === 'passphrase' ? 'vault.changePassphrase' : 'vault.setPassphrase')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
