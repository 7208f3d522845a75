import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { api, useRequest } from '../../api/index.ts';
import { FunctionCalls } from './FunctionCalls.tsx';
import { useTwinsAction } from './use-twins-action.ts';

/** The function host (sandbox): state, the webhook URLs (the seed's, the operator's module's) to put on an enrollment group, telemetry counts, calls. */
export function FunctionsPanel() {
  const { t } = useTranslation();
  const status = useRequest('twins:functionsStatus', {}, { intervalMs: 2_000 });
  const { busy, run } = useTwinsAction();
  const s = status.data;
  if (!s) return null;
  if (s.state === 'unsupported') return <Typography color="text.secondary">{t('digital-twins.functions.unsupported')}</Typography>;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography>
          {t('digital-twins.functions.state')}: <strong data-testid="functions-state">{t(`digital-twins.functions.${s.state}`)}</strong>
        </Typography>
        {s.state === 'stopped' && (
          <Button variant="outlined" disabled={busy} onClick={() => void run(() => api.invoke('twins:functionsStart', {})).then(() => status.reload())}>
            {t('digital-twins.functions.start')}
          </Button>
        )}
      </Stack>
      {s.allocationUrl && (
        <Typography>
          {t('digital-twins.functions.webhook')}: <code data-testid="functions-webhook">{s.allocationUrl}</code>
        </Typography>
      )}
      {s.allocationModule && (
        <Typography>
          {t('digital-twins.functions.module')}: <code data-testid="functions-module">{s.allocationModule}</code>
        </Typography>
      )}
      {s.customAllocationUrl && (
        <Typography>
          {t('digital-twins.functions.customWebhook')}: <code data-testid="functions-custom-webhook">{s.customAllocationUrl}</code>
        </Typography>
      )}
      {s.allocationModuleError && <Alert severity="warning">{t('digital-twins.functions.moduleError', { reason: s.allocationModuleError })}</Alert>}
      <Typography>{t('digital-twins.functions.telemetry', s.telemetry)}</Typography>
      <Typography color="text.secondary">{t('digital-twins.functions.restarts', { count: s.restarts })}</Typography>
      {s.lastError && <Alert severity="warning">{s.lastError}</Alert>}
      <FunctionCalls />
    </Stack>
  );
}
