import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useConnection } from '../../api/index.ts';

function secondsUntil(at: number | undefined): number {
  return at ? Math.max(0, Math.ceil((at - Date.now()) / 1000)) : 0;
}

/** Says plainly, above every page, when the main process cannot be reached, and offers a retry now. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnection();
  const [, tick] = useState(0);
  // A normal start connects within a blink; only a slow one is worth a message (no flash on every load).
  const [slowStart, setSlowStart] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlowStart(true), 1_000);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    if (status.state !== 'disconnected') return;
    const timer = setInterval(() => tick((n) => n + 1), 1_000);
    return () => clearInterval(timer);
  }, [status.state]);

  if (status.state === 'connected') return null;
  if (status.state === 'connecting') return slowStart ? <Alert severity="info" role="status">{t('connection.connecting')}</Alert> : null;
  const refused = status.state === 'refused';
  return (
    <Alert
      severity={refused ? 'error' : 'warning'}
      role="alert"
      data-testid="connection-lost"
      action={
        refused ? undefined : (
          <Button color="inherit" size="small" onClick={() => api.reconnect()}>
            {t('connection.reconnect')}
          </Button>
        )
      }
    >
      {status.refusal === 'session' ? t('connection.sessionEnded') : refused ? t('connection.refused') : t('connection.disconnected')}
      {status.reason ? ` (${status.reason})` : ''}
      {refused ? '' : ` — ${t('connection.retryIn', { seconds: secondsUntil(status.retryAt) })}`}
    </Alert>
  );
}
