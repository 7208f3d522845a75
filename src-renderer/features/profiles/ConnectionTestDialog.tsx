import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTestResult } from '../../../src-shared/contract/channels/profiles.ts';
import { api, toApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';

/** Runs one cheap read per endpoint of a profile and shows each outcome in words. */
export function ConnectionTestDialog({ profile, onClose }: { profile: { id: string; name: string } | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [results, setResults] = useState<ConnectionTestResult[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!profile) return;
    let live = true;
    setResults(null);
    setFailure(null);
    api.invoke('profiles:testConnection', { id: profile.id }).then(
      (value) => live && setResults(value.results),
      (error: unknown) => live && setFailure(errorText(i18n, toApiError(error))),
    );
    return () => {
      live = false;
    };
  }, [profile]);

  return (
    <Dialog open={profile !== null} onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="profile-test-title">
      <DialogTitle id="profile-test-title">{t('profileManager.testTitle', { name: profile?.name ?? '' })}</DialogTitle>
      <DialogContent>
        <Stack spacing={1} data-testid="connection-test-results">
          {!results && !failure && <CircularProgress aria-label={t('profileManager.testing')} />}
          {failure && <Alert severity="error">{failure}</Alert>}
          {results?.map((r) => (
            <Alert key={`${r.endpoint}-${r.host}`} severity={r.ok ? 'success' : 'error'}>
              {t(r.endpoint === 'dps' ? 'profileManager.testDps' : 'profileManager.testHub', { host: r.host, ms: r.durationMs })} — {r.message}
            </Alert>
          ))}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('profileManager.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
