import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useConnection } from '../../api/index.ts';
import { FactList } from '../../components/FactList.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ConnectionStateChip } from './ConnectionStateChip.tsx';
import { ServicesSection } from './ServicesSection.tsx';
import { usePing } from './use-ping.ts';
import { detailText } from '../../app/i18n/error-text.ts';

const PING_INTERVAL_MS = 2_000;

function splitDuration(ms: number): { hours: number; minutes: number; seconds: number } {
  const total = Math.floor(ms / 1000);
  return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

export default function StatusPage() {
  const { t, i18n } = useTranslation();
  const connection = useConnection();
  const { sample, error } = usePing(PING_INTERVAL_MS);
  const none = t('status.noAnswerYet');
  const facts = [
    { id: 'connection', label: t('status.connection'), value: <ConnectionStateChip state={connection.state} /> },
    { id: 'round-trip', label: t('status.roundTrip'), value: sample ? t('status.milliseconds', { value: sample.roundTripMs.toFixed(1) }) : none },
    { id: 'uptime', label: t('status.uptime'), value: sample ? t('status.uptimeValue', splitDuration(sample.uptimeMs)) : none },
    { id: 'last-answer', label: t('status.lastAnswer'), value: sample ? new Date(sample.answeredAt).toLocaleTimeString(i18n.language) : none },
  ];
  return (
    <>
      <PageHeader title={t('areas.status.title')} />
      <Stack spacing={3}>
        <Paper variant="outlined" component="section" aria-labelledby="status-main-process" sx={{ p: 3 }}>
          <Typography variant="h6" component="h2" id="status-main-process" sx={{ mb: 2 }}>
            {t('status.mainProcess')}
          </Typography>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {t('status.pingFailed', { code: error.code, message: detailText(i18n, error) })}
            </Alert>
          )}
          <FactList idPrefix="status" facts={facts} />
        </Paper>
        <ServicesSection />
      </Stack>
    </>
  );
}
