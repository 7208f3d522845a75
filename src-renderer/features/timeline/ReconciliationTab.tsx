import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../src-shared/contract/channels/timeline.ts';
import { api, toApiError, type ApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/** Compares DPS with the hubs on request and offers each finding's fix behind a confirmation. */
export function ReconciliationTab() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [findings, setFindings] = useState<Finding[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [confirming, setConfirming] = useState<Finding>();

  const scan = async () => {
    setBusy(true);
    try {
      setFindings((await api.invoke('timeline:reconcile', {})).findings);
      setError(undefined);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  const fix = async (finding: Finding) => {
    setConfirming(undefined);
    setBusy(true);
    try {
      const { fixed, message } = await api.invoke('timeline:fix', { id: finding.id, confirmed: true });
      notify({ message: t(fixed ? 'timeline.reconcile.fixed' : 'timeline.reconcile.notFixed', { message }), severity: fixed ? 'success' : 'warning' });
    } catch (failure) {
      notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
    }
    await scan();
  };

  return (
    <Stack spacing={2}>
      <div>
        <Button variant="contained" onClick={() => void scan()} disabled={busy}>
          {t('timeline.reconcile.scan')}
        </Button>
      </div>
      {busy && <LinearProgress aria-label={t('timeline.reconcile.scanning')} />}
      {error && <Alert severity="error">{errorText(i18n, error)}</Alert>}
      {findings && findings.length === 0 && <Alert severity="success">{t('timeline.reconcile.none')}</Alert>}
      {findings && findings.length > 0 && (
        <Paper variant="outlined">
          <Typography variant="subtitle1" component="h2" sx={{ px: 2, pt: 1.5 }}>
            {t('timeline.reconcile.found', { count: findings.length })}
          </Typography>
          <List aria-label={t('timeline.reconcile.found', { count: findings.length })}>
            {findings.map((finding) => (
              <ListItem
                key={finding.id}
                data-kind={finding.kind}
                secondaryAction={
                  <Button variant="outlined" color="warning" onClick={() => setConfirming(finding)} disabled={busy}>
                    {t('timeline.reconcile.fix')}
                  </Button>
                }
              >
                <ListItemText
                  primary={
                    <>
                      <Chip size="small" label={t(`timeline.reconcile.kinds.${finding.kind}`)} sx={{ mr: 1 }} />
                      {finding.deviceId}
                    </>
                  }
                  secondary={finding.summary}
                  sx={{ pr: 12 }}
                />
              </ListItem>
            ))}
          </List>
        </Paper>
      )}
      <ConfirmDialog
        open={confirming !== undefined}
        title={t('timeline.reconcile.confirmTitle')}
        text={confirming?.fix ?? ''}
        cancelLabel={t('timeline.cancel')}
        confirmLabel={t('timeline.reconcile.confirm')}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => confirming && void fix(confirming)}
      />
    </Stack>
  );
}
