import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { SandboxStatus } from '../../../src-shared/contract/channels/sandbox.ts';
import { FactList } from '../../components/FactList.tsx';
import { useUptime } from './use-sandbox-status.ts';

const STATE_COLOR = { running: 'success', starting: 'info', stopped: 'default', crashed: 'error' } as const;

function splitDuration(ms: number): { hours: number; minutes: number; seconds: number } {
  const total = Math.floor(ms / 1000);
  return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

/** The sandbox process: state, pid, uptime, restarts and why it last failed. */
export function StatusSection({ status }: { status: SandboxStatus }) {
  const { t } = useTranslation();
  const uptime = useUptime(status.startedAt);
  const none = t('sandbox.notRunning');
  const facts = [
    { id: 'state', label: t('sandbox.state'), value: <Chip size="small" color={STATE_COLOR[status.state]} label={t(`sandbox.states.${status.state}`)} /> },
    { id: 'pid', label: t('sandbox.pid'), value: status.pid ?? none },
    { id: 'uptime', label: t('sandbox.uptime'), value: uptime === null ? none : t('sandbox.uptimeValue', splitDuration(uptime)) },
    { id: 'restarts', label: t('sandbox.restarts'), value: status.restarts },
  ];
  return (
    <Paper variant="outlined" component="section" aria-labelledby="sandbox-process" sx={{ p: 3, mb: 3 }}>
      <Typography variant="h6" component="h2" id="sandbox-process" sx={{ mb: 2 }}>
        {t('sandbox.process')}
      </Typography>
      {status.lastError && status.state !== 'running' && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {status.lastError}
        </Alert>
      )}
      <FactList idPrefix="sandbox" facts={facts} />
    </Paper>
  );
}
