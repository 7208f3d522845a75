import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';
import { api, toApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { CountersSection } from './CountersSection.tsx';
import { DeviceLogDialog } from './DeviceLogDialog.tsx';
import { DevicesTable } from './DevicesTable.tsx';
import { FaultsSection } from './FaultsSection.tsx';
import { FleetChart } from './FleetChart.tsx';
import { FleetControls } from './FleetControls.tsx';
import { StartFleetDialog } from './StartFleetDialog.tsx';
import { useSimulatedDevices, useSimulatorStatus } from './use-simulator.ts';

/** The embedded simulator: start a fleet, watch it provision and send, break it on purpose, stop it. */
export default function SimulatorPage() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const { status, error, setStatus } = useSimulatorStatus();
  const devices = useSimulatedDevices(`${status?.pid ?? ''}-${status?.startedAt ?? ''}`);
  const [starting, setStarting] = useState(false);
  const [confirmStop, setConfirmStop] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (reply: Promise<SimulatorStatus>, done?: string) => {
    setBusy(true);
    reply.then(
      (next) => {
        setStatus(next);
        if (done) notify({ message: t(done), severity: 'success' });
      },
      (failure: unknown) => notify({ message: t('simulator.actionFailed', { message: errorText(i18n, toApiError(failure)) }), severity: 'error' }),
    ).finally(() => setBusy(false));
  };

  const live = status?.state === 'running' || status?.state === 'paused';
  return (
    <>
      <PageHeader
        title={t('areas.simulator.title')}
        actions={
          status && (
            <FleetControls
              status={status}
              busy={busy}
              onStart={() => setStarting(true)}
              onPause={() => run(api.invoke('simulator:pause', {}))}
              onResume={() => run(api.invoke('simulator:resume', {}))}
              onStop={() => setConfirmStop(true)}
              onScale={(count) => run(api.invoke('simulator:scale', { count }), 'simulator.scaled')}
            />
          )
        }
      />
      {(busy || status?.state === 'starting' || status?.state === 'stopping') && <LinearProgress sx={{ mb: 2 }} aria-label={t('simulator.working')} />}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorText(i18n, error)}
        </Alert>
      )}
      {status?.lastError && status.state !== 'running' && (
        <Alert severity={status.state === 'crashed' ? 'error' : 'warning'} sx={{ mb: 2 }} data-testid="simulator-last-error">
          {status.lastError}
        </Alert>
      )}
      {status && (
        <>
          <Typography color="text.secondary" sx={{ mb: 2 }} data-testid="simulator-state">
            {t(`simulator.fleetStates.${status.state}`)}
            {status.sourceLabel ? ` · ${status.sourceLabel}` : ''}
          </Typography>
          <CountersSection counters={status.counters} />
          <FleetChart history={status.history} />
          <FaultsSection faults={status.faults} disabled={!live || busy} onToggle={(fault, active) => run(api.invoke('simulator:fault', { fault, active, ids: null }))} />
          <DevicesTable devices={devices} onOpen={setOpenId} />
        </>
      )}
      <StartFleetDialog
        open={starting}
        onClose={() => setStarting(false)}
        onStarted={(next) => {
          setStarting(false);
          setStatus(next);
        }}
      />
      <ConfirmDialog
        open={confirmStop}
        title={t('simulator.stopConfirm.title')}
        text={t('simulator.stopConfirm.text', { count: status?.counters.devices ?? 0 })}
        cancelLabel={t('simulator.cancel')}
        confirmLabel={t('simulator.stop')}
        onCancel={() => setConfirmStop(false)}
        onConfirm={() => {
          setConfirmStop(false);
          run(api.invoke('simulator:stop', {}), 'simulator.stopped');
        }}
      />
      <DeviceLogDialog
        device={devices.find((d) => d.id === openId) ?? null}
        onClose={() => setOpenId(null)}
        onReprovision={(id) => run(api.invoke('simulator:reprovision', { ids: [id] }), 'simulator.reprovisioning')}
      />
    </>
  );
}
