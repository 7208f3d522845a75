import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';

const COUNTERS = ['devices', 'provisioned', 'connected', 'messagesPerSecond', 'messagesSent', 'errors'] as const;

/** The fleet's counters, one tile each. */
export function CountersSection({ counters }: { counters: SimulatorStatus['counters'] }) {
  const { t, i18n } = useTranslation();
  const format = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', mb: 3 }} component="section" aria-label={t('simulator.counters.title')}>
      {COUNTERS.map((name) => (
        <Paper key={name} variant="outlined" sx={{ p: 2, minWidth: 140, flex: '1 1 140px' }} data-testid={`simulator-counter-${name}`}>
          <Typography variant="body2" color="text.secondary" id={`simulator-counter-${name}-label`}>
            {t(`simulator.counters.${name}`)}
          </Typography>
          <Typography variant="h5" component="p" aria-labelledby={`simulator-counter-${name}-label`} color={name === 'errors' && counters.errors > 0 ? 'error' : 'text.primary'}>
            {format.format(counters[name])}
          </Typography>
        </Paper>
      ))}
    </Stack>
  );
}
