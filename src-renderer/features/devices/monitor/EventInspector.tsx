import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { MonitorEvent } from '../../../../src-shared/contract/channels/monitor.ts';

function pretty(event: MonitorEvent): string {
  if (event.bodyEncoding !== 'json') return event.body;
  try {
    return JSON.stringify(JSON.parse(event.body), null, 2);
  } catch {
    return event.body;
  }
}

/** One event in full: body, application properties and the hub's system properties. */
export function EventInspector({ event }: { event: MonitorEvent | undefined }) {
  const { t } = useTranslation();
  if (!event) return <Typography color="text.secondary">{t('devices.monitor.pickEvent')}</Typography>;
  const block = (title: string, text: string) => (
    <>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>{title}</Typography>
      <Box component="pre" sx={{ m: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{text}</Box>
    </>
  );
  return (
    <Paper variant="outlined" sx={{ p: 2, overflow: 'auto', height: '100%' }} aria-label={t('devices.monitor.inspector')} component="section">
      <Typography variant="subtitle1">{`${event.deviceId} · ${t(`devices.monitor.kinds.${event.kind}`)}`}</Typography>
      {block(t('devices.monitor.body', { encoding: event.bodyEncoding }), pretty(event))}
      {block(t('devices.monitor.properties'), JSON.stringify(event.properties, null, 2))}
      {block(t('devices.monitor.systemProperties'), JSON.stringify(event.systemProperties, null, 2))}
    </Paper>
  );
}
