import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';

/** Parses "name=value" lines into message properties; null names the first bad line. */
export function parseProperties(text: string): Record<string, string> | { badLine: number } {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const at = line.indexOf('=');
    if (at <= 0) return { badLine: i + 1 };
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** Sends one cloud-to-device message with properties, asking for delivery feedback if wanted. */
export function MessagePanel({ hubHost, deviceId }: { hubHost: string; deviceId: string }) {
  const { t, i18n } = useTranslation();
  const [body, setBody] = useState('');
  const [propertiesText, setPropertiesText] = useState('');
  const [feedback, setFeedback] = useState(true);
  const [sent, setSent] = useState<{ messageId: string; feedback: string | null }>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const properties = parseProperties(propertiesText);
  const badLine = 'badLine' in properties ? (properties.badLine as number) : null;
  const send = () => {
    if (badLine !== null) return;
    setBusy(true);
    setError(undefined);
    api
      .invoke('devices:sendMessage', { hubHost, deviceId, body, properties: properties as Record<string, string>, ack: feedback ? 'full' : 'none' })
      .then(setSent, (failure: unknown) => setError(toApiError(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={t('devices.sendMessage')}>
      <Stack spacing={2}>
        <TextField label={t('devices.messageBody')} value={body} onChange={(e) => setBody(e.target.value)} multiline minRows={3} />
        <TextField
          label={t('devices.messageProperties')}
          value={propertiesText}
          onChange={(e) => setPropertiesText(e.target.value)}
          multiline
          minRows={2}
          error={badLine !== null}
          helperText={badLine !== null ? t('devices.badPropertyLine', { line: badLine }) : t('devices.propertiesHelp')}
        />
        <FormControlLabel control={<Switch checked={feedback} onChange={(e) => setFeedback(e.target.checked)} />} label={t('devices.askFeedback')} />
        <Button variant="contained" onClick={send} disabled={busy || badLine !== null} sx={{ alignSelf: 'flex-start' }}>
          {busy ? t('devices.sending') : t('devices.send')}
        </Button>
        {sent && <Alert severity="success" role="status">{t('devices.messageSent', { messageId: sent.messageId, feedback: sent.feedback ?? t('devices.noFeedback') })}</Alert>}
        {error && <Alert severity="error">{errorText(i18n, error)}</Alert>}
      </Stack>
    </Paper>
  );
}
