import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { LineChart } from '@mui/x-charts/LineChart';
import { useTranslation } from 'react-i18next';
import type { SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';

/** Connected devices and messages per second over the last two minutes, one point a second. */
export function FleetChart({ history }: { history: SimulatorStatus['history'] }) {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <Paper variant="outlined" component="section" aria-labelledby="simulator-chart" sx={{ p: 2, mb: 3 }}>
      <Typography variant="h6" component="h2" id="simulator-chart">
        {t('simulator.chart.title')}
      </Typography>
      {history.length < 2 ? (
        <Typography color="text.secondary">{t('simulator.chart.empty')}</Typography>
      ) : (
        <LineChart
          height={240}
          skipAnimation
          xAxis={[{ data: history.map((p) => p.at), scaleType: 'time', valueFormatter: (v: number) => time.format(v) }]}
          yAxis={[{ id: 'devices', min: 0 }, { id: 'rate', min: 0, position: 'right' }]}
          series={[
            { data: history.map((p) => p.connected), label: t('simulator.counters.connected'), showMark: false, yAxisId: 'devices' },
            { data: history.map((p) => p.messagesPerSecond), label: t('simulator.counters.messagesPerSecond'), showMark: false, yAxisId: 'rate' },
            { data: history.map((p) => p.errors), label: t('simulator.counters.errors'), showMark: false, yAxisId: 'devices' },
          ]}
        />
      )}
    </Paper>
  );
}
