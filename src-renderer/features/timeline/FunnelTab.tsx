import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetFilter } from '../../../src-shared/contract/channels/timeline.ts';
import { useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { formatDuration } from './format.ts';
import { StuckDevices } from './StuckDevices.tsx';

const WINDOWS = { all: null, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
type Window = keyof typeof WINDOWS;

/** The fleet funnel with its filters, stage-to-stage times, the time-to-provision chart and stuck devices. */
export function FunnelTab() {
  const { t, i18n } = useTranslation();
  const [window, setWindow] = useState<Window>('all');
  const [customer, setCustomer] = useState('');
  const [hubHost, setHubHost] = useState('');
  const filter = useMemo<FleetFilter>(() => {
    const span = WINDOWS[window];
    return { ...(span ? { since: Date.now() - span } : {}), ...(customer.trim() ? { customer: customer.trim() } : {}), ...(hubHost.trim() ? { hubHost: hubHost.trim() } : {}) };
  }, [window, customer, hubHost]);
  const { data: funnel, error, loading } = useRequest('timeline:funnel', filter, { intervalMs: 10_000 });
  const top = Math.max(1, funnel?.stages[0]?.count ?? 0);
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <TextField select size="small" label={t('timeline.funnel.window')} value={window} onChange={(e) => setWindow(e.target.value as Window)} sx={{ minWidth: 160 }}>
          {(Object.keys(WINDOWS) as Window[]).map((key) => (
            <MenuItem key={key} value={key}>
              {t(`timeline.funnel.windows.${key}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" label={t('timeline.columns.customer')} value={customer} onChange={(e) => setCustomer(e.target.value)} inputProps={{ maxLength: 200 }} />
        <TextField size="small" label={t('timeline.columns.hubHost')} value={hubHost} onChange={(e) => setHubHost(e.target.value)} inputProps={{ maxLength: 260 }} />
      </Box>
      {loading && !funnel && <LinearProgress aria-label={t('timeline.loading')} />}
      {error && <Alert severity="error">{errorText(i18n, error)}</Alert>}
      {funnel && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="subtitle1" component="h2" gutterBottom>
            {t('timeline.funnel.title', { total: funnel.total, failed: funnel.failed })}
          </Typography>
          <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 1 }} aria-label={t('timeline.funnel.stagesLabel')}>
            {funnel.stages.map(({ stage, count }) => (
              <Box component="li" key={stage} data-stage={stage} sx={{ display: 'grid', gridTemplateColumns: '12rem 1fr 5rem', alignItems: 'center', gap: 2 }}>
                <Typography>{t(`timeline.stages.${stage}`)}</Typography>
                <LinearProgress variant="determinate" value={(100 * count) / top} aria-label={t(`timeline.stages.${stage}`)} sx={{ height: 10, borderRadius: 1 }} />
                <Typography data-testid={`funnel-${stage}`} sx={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                  {count}
                </Typography>
              </Box>
            ))}
          </Box>
          <Table size="small" sx={{ mt: 2 }} aria-label={t('timeline.funnel.transitions')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('timeline.funnel.transitions')}</TableCell>
                <TableCell align="right">{t('timeline.funnel.devices')}</TableCell>
                <TableCell align="right">p50</TableCell>
                <TableCell align="right">p90</TableCell>
                <TableCell align="right">p99</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {[...funnel.transitions.map((row) => ({ key: `${row.from}-${row.to}`, label: `${t(`timeline.stages.${row.from}`)} → ${t(`timeline.stages.${row.to}`)}`, ms: row.ms })), { key: 'total', label: t('timeline.funnel.timeToProvision'), ms: funnel.timeToProvision.ms }].map((row) => (
                <TableRow key={row.key}>
                  <TableCell>{row.label}</TableCell>
                  <TableCell align="right">{row.ms.count}</TableCell>
                  <TableCell align="right">{formatDuration(row.ms.p50)}</TableCell>
                  <TableCell align="right">{formatDuration(row.ms.p90)}</TableCell>
                  <TableCell align="right">{formatDuration(row.ms.p99)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
            {t('timeline.funnel.chart')}
          </Typography>
          <BarChart
            height={220}
            xAxis={[{ scaleType: 'band', data: funnel.timeToProvision.histogram.map((bar, i, all) => (i === all.length - 1 ? `> ${formatDuration(all[i - 1]!.upToMs)}` : `≤ ${formatDuration(bar.upToMs)}`)) }]}
            series={[{ data: funnel.timeToProvision.histogram.map((bar) => bar.count), label: t('timeline.funnel.devices') }]}
          />
        </Paper>
      )}
      <StuckDevices />
    </Stack>
  );
}
