import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../../src-shared/contract/channels/device-methods.ts';
import { api, toApiError, useRequest, type ApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { MethodHistory } from './MethodHistory.tsx';

const clampSeconds = (text: string, min: number) => Math.min(300, Math.max(min, Math.round(Number(text) || min)));

/** Calls a direct method: template, name, JSON payload, timeouts (5–300 s); shows the answer and the device's history. */
export function MethodPanel({ hubHost, deviceId }: { hubHost: string; deviceId: string }) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const templates = useRequest('devices:methodTemplates', {});
  const history = useRequest('devices:methodHistory', { hubHost, deviceId, limit: 50 });
  const [methodName, setMethodName] = useState('');
  const [payload, setPayload] = useState('');
  const [responseTimeout, setResponseTimeout] = useState('30');
  const [connectTimeout, setConnectTimeout] = useState('0');
  const [result, setResult] = useState<MethodResult>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const invoke = () => {
    setBusy(true);
    setError(undefined);
    api
      .invoke('devices:invokeMethod', { hubHost, deviceId, methodName: methodName.trim(), payload, responseTimeoutInSeconds: clampSeconds(responseTimeout, 5), connectTimeoutInSeconds: clampSeconds(connectTimeout, 0) })
      .then(setResult, (failure: unknown) => setError(toApiError(failure)))
      .finally(() => {
        setBusy(false);
        history.reload();
      });
  };
  const saveTemplate = () => {
    api.invoke('devices:saveMethodTemplate', { name: methodName.trim(), methodName: methodName.trim(), payload, responseTimeoutInSeconds: clampSeconds(responseTimeout, 5) }).then(() => {
      notify({ message: t('devices.templateSaved', { name: methodName.trim() }), severity: 'success' });
      templates.reload();
    }, (failure: unknown) => setError(toApiError(failure)));
  };
  const secondsError = (text: string, min: number) => {
    const n = Number(text);
    return !Number.isInteger(n) || n < min || n > 300 ? t('devices.secondsRange', { min }) : undefined;
  };

  return (
    <Stack spacing={2}>
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={t('devices.invokeMethod')}>
        <Stack spacing={2}>
          <TextField
            select
            size="small"
            label={t('devices.template')}
            value=""
            onChange={(e) => {
              const template = templates.data?.templates.find((x) => x.name === e.target.value);
              if (!template) return;
              setMethodName(template.methodName);
              setPayload(template.payload);
              setResponseTimeout(String(template.responseTimeoutInSeconds));
            }}
            sx={{ maxWidth: 300 }}
          >
            {(templates.data?.templates ?? []).map((template) => (
              <MenuItem key={template.name} value={template.name}>
                {template.name}
              </MenuItem>
            ))}
          </TextField>
          <Stack direction="row" spacing={2}>
            <TextField size="small" label={t('devices.methodName')} value={methodName} onChange={(e) => setMethodName(e.target.value)} error={error?.detailFor('methodName') !== undefined} helperText={error?.detailFor('methodName') ?? ' '} />
            <TextField size="small" type="number" label={t('devices.responseTimeout')} value={responseTimeout} onChange={(e) => setResponseTimeout(e.target.value)} error={!!secondsError(responseTimeout, 5)} helperText={secondsError(responseTimeout, 5) ?? ' '} sx={{ width: 200 }} />
            <TextField size="small" type="number" label={t('devices.connectTimeout')} value={connectTimeout} onChange={(e) => setConnectTimeout(e.target.value)} error={!!secondsError(connectTimeout, 0)} helperText={secondsError(connectTimeout, 0) ?? ' '} sx={{ width: 200 }} />
          </Stack>
          <TextField
            label={t('devices.payload')}
            value={payload}
            onChange={(e) => setPayload(e.target.value)}
            multiline
            minRows={3}
            error={error?.detailFor('payload') !== undefined}
            helperText={error?.detailFor('payload') ? t('devices.payloadNotJson') : t('devices.payloadHelp')}
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
          />
          <Stack direction="row" spacing={1}>
            <Button variant="contained" onClick={invoke} disabled={busy || methodName.trim() === '' || !!secondsError(responseTimeout, 5) || !!secondsError(connectTimeout, 0)}>
              {busy ? t('devices.invoking') : t('devices.invoke')}
            </Button>
            <Button onClick={saveTemplate} disabled={methodName.trim() === ''}>
              {t('devices.saveTemplate')}
            </Button>
          </Stack>
          {error && !error.details.length && <Alert severity="error">{errorText(i18n, error)}</Alert>}
          {result && (
            <Box role="status" aria-label={t('devices.methodResult')}>
              {result.outcome === 'ok' ? (
                <Alert severity={result.status !== null && result.status >= 200 && result.status < 300 ? 'success' : 'warning'}>
                  <Typography>{t('devices.methodStatus', { status: result.status, ms: result.durationMs })}</Typography>
                  <Box component="pre" sx={{ m: 0, whiteSpace: 'pre-wrap' }} data-testid="method-response">
                    {result.response}
                  </Box>
                </Alert>
              ) : (
                <Alert severity="error">{t('devices.methodFailed', { code: result.error?.code, message: result.error?.message })}</Alert>
              )}
            </Box>
          )}
        </Stack>
      </Paper>
      <MethodHistory calls={history.data?.calls ?? []} />
    </Stack>
  );
}
