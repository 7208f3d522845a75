import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { CountsSection } from './CountsSection.tsx';
import { EventHubSection } from '../sandbox-routing/EventHubSection.tsx';
import { EndpointsSection } from './EndpointsSection.tsx';
import { ResetDialog } from './ResetDialog.tsx';
import { StatusSection } from './StatusSection.tsx';
import { useSandboxStatus } from './use-sandbox-status.ts';
import { detailText } from '../../app/i18n/error-text.ts';

/** The built-in local DPS + IoT Hub: its endpoints, its process, what it holds, restart and reset. */
export default function SandboxPage() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const { status, error, setStatus } = useSandboxStatus();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const run = (action: 'restart' | 'reset') => {
    setBusy(true);
    const reply = action === 'reset' ? api.invoke('sandbox:reset', { confirmed: true }) : api.invoke('sandbox:restart', {});
    reply.then(
      (next) => {
        setStatus(next);
        notify({ message: t(action === 'reset' ? 'sandbox.resetDone' : 'sandbox.restartDone'), severity: next.state === 'running' ? 'success' : 'warning' });
      },
      (failure: unknown) => {
        const e = toApiError(failure);
        notify({ message: t('sandbox.actionFailed', { code: e.code, message: detailText(i18n, e) }), severity: 'error' });
      },
    ).finally(() => setBusy(false));
  };

  const actions = (
    <Stack direction="row" spacing={1}>
      <Button variant="outlined" onClick={() => run('restart')} disabled={busy}>
        {status?.state === 'stopped' ? t('sandbox.start') : t('sandbox.restart')}
      </Button>
      <Button variant="outlined" color="error" onClick={() => setConfirming(true)} disabled={busy}>
        {t('sandbox.reset')}
      </Button>
    </Stack>
  );

  return (
    <>
      <PageHeader title={t('areas.sandbox.title')} actions={actions} />
      {(busy || status?.state === 'starting') && <LinearProgress sx={{ mb: 2 }} aria-label={t('sandbox.working')} />}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {t('sandbox.statusFailed', { code: error.code, message: detailText(i18n, error) })}
        </Alert>
      )}
      {status && (
        <>
          <EndpointsSection endpoints={status.endpoints} />
          <StatusSection status={status} />
          <CountsSection running={status.state === 'running'} />
          <EventHubSection running={status.state === 'running'} />
        </>
      )}
      <ResetDialog
        open={confirming}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          run('reset');
        }}
      />
    </>
  );
}
