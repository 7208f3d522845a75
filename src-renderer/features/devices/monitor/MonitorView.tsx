import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonitorEvent } from '../../../../src-shared/contract/channels/monitor.ts';
import { errorText } from '../../../app/i18n/error-text.ts';
import { EventInspector } from './EventInspector.tsx';
import { EventList } from './EventList.tsx';
import { useMonitor } from './use-monitor.ts';

function matches(event: MonitorEvent, text: string): boolean {
  return event.deviceId.includes(text) || event.body.includes(text) || event.kind.includes(text) || (event.opType ?? '').includes(text);
}

/** Downloads what the monitor holds as JSON lines, one event per line. */
function exportJsonLines(events: MonitorEvent[]): void {
  const blob = new Blob([events.map((e) => JSON.stringify(e)).join('\n') + '\n'], { type: 'application/x-ndjson' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `monitor-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The telemetry and events monitor of one hub: filter by devices or a query, pause, filter what is shown, inspect, export. */
export function MonitorView({ hubHost }: { hubHost: string }) {
  const { t, i18n } = useTranslation();
  const monitor = useMonitor();
  const [devicesText, setDevicesText] = useState('');
  const [query, setQuery] = useState('');
  const [from, setFrom] = useState<'now' | 'recent'>('now');
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const { ring, version } = monitor;
  // Re-derived when the ring changed (version) or the filter did; indexes into the ring.
  const shown = useMemo(() => {
    void version;
    if (filter === '') return null;
    const out: number[] = [];
    for (let i = 0; i < ring.size; i++) if (matches(ring.get(i)!, filter)) out.push(i);
    return out;
  }, [ring, version, filter]);
  const count = shown ? shown.length : ring.size;
  const eventAt = (i: number) => ring.get(shown ? shown[i]! : i);
  const start = () =>
    monitor.start(hubHost, {
      deviceIds: devicesText.split(/[\s,]+/).filter(Boolean),
      query,
      from,
    });
  return (
    <Box component="section" aria-label={t('devices.monitor.title')}>
      <Stack direction="row" spacing={1} sx={{ mb: 2 }} alignItems="flex-start" flexWrap="wrap" useFlexGap>
        <TextField size="small" label={t('devices.monitor.deviceIds')} value={devicesText} onChange={(e) => setDevicesText(e.target.value)} sx={{ width: 240 }} helperText={t('devices.monitor.deviceIdsHelp')} />
        <TextField size="small" label={t('devices.monitor.query')} value={query} onChange={(e) => setQuery(e.target.value)} sx={{ width: 360 }} helperText={t('devices.monitor.queryHelp')} />
        <TextField select size="small" label={t('devices.monitor.from')} value={from} onChange={(e) => setFrom(e.target.value === 'recent' ? 'recent' : 'now')} sx={{ width: 200 }} disabled={monitor.running} helperText={t('devices.monitor.fromHelp')}>
          <MenuItem value="now">{t('devices.monitor.fromNow')}</MenuItem>
          <MenuItem value="recent">{t('devices.monitor.fromRecent')}</MenuItem>
        </TextField>
        {monitor.running ? (
          <Button variant="contained" color="warning" onClick={monitor.stop}>{t('devices.monitor.stop')}</Button>
        ) : (
          <Button variant="contained" onClick={start}>{t('devices.monitor.start')}</Button>
        )}
        <Button onClick={() => monitor.setPaused(!monitor.paused)} disabled={!monitor.running && !monitor.paused}>
          {monitor.paused ? t('devices.monitor.resume', { held: monitor.held }) : t('devices.monitor.pause')}
        </Button>
        <Button onClick={() => { monitor.clear(); setSelected(null); }}>{t('devices.monitor.clear')}</Button>
        <Button onClick={() => exportJsonLines(ring.toArray())} disabled={ring.size === 0}>{t('devices.monitor.export')}</Button>
      </Stack>
      {monitor.error && <Alert severity="error" sx={{ mb: 2 }}>{errorText(i18n, monitor.error)}</Alert>}
      {monitor.stoppedReason && <Alert severity="warning" sx={{ mb: 2 }}>{t('devices.monitor.stopped', { reason: monitor.stoppedReason })}</Alert>}
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
        <TextField size="small" label={t('devices.monitor.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} sx={{ width: 260 }} />
        <Typography color="text.secondary" data-testid="monitor-count" data-received={monitor.received} role="status">
          {t('devices.monitor.count', { shown: count, kept: ring.size, capacity: ring.capacity, dropped: monitor.dropped + ring.evicted })}
        </Typography>
        {monitor.running && monitor.matchedDevices !== null && <Typography color="text.secondary">{t('devices.monitor.matched', { count: monitor.matchedDevices })}</Typography>}
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: { md: '2fr 1fr' }, gap: 2 }}>
        <EventList count={count} eventAt={eventAt} selected={selected} onSelect={setSelected} height={480} />
        <EventInspector event={selected === null ? undefined : eventAt(selected)} />
      </Box>
    </Box>
  );
}
