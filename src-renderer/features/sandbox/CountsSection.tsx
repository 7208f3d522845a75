import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../api/index.ts';
import { FactList } from '../../components/FactList.tsx';
import { detailText } from '../../app/i18n/error-text.ts';

// Counting pages through every enrollment with the SDKs, so a large sandbox is not recounted often.
const COUNTS_REFRESH_MS = 30_000;

/** What the sandbox holds, refreshed while the page is open and the sandbox runs. */
export function CountsSection({ running }: { running: boolean }) {
  const { t, i18n } = useTranslation();
  const { data, error, loading, reload } = useRequest('sandbox:counts', {}, { intervalMs: COUNTS_REFRESH_MS, skip: !running });
  const n = (value: number) => value.toLocaleString(i18n.language);
  const facts = data
    ? [
        { id: 'enrollments', label: t('sandbox.enrollments'), value: n(data.enrollments) },
        { id: 'enrollment-groups', label: t('sandbox.enrollmentGroups'), value: n(data.enrollmentGroups) },
        { id: 'registrations', label: t('sandbox.registrations'), value: n(data.registrations) },
        ...data.hubs.map((hub, index) => ({
          id: `hub-${index + 1}-devices`,
          label: t('sandbox.hubDevices', { host: hub.hostName }),
          value: t('sandbox.devicesValue', { devices: n(hub.devices), connected: n(hub.connectedDevices) }),
        })),
      ]
    : [];
  return (
    <Paper variant="outlined" component="section" aria-labelledby="sandbox-counts" sx={{ p: 3, mb: 3 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h2" id="sandbox-counts" sx={{ flexGrow: 1 }}>
          {t('sandbox.counts')}
        </Typography>
        <Tooltip title={t('sandbox.refreshCounts')}>
          <span>
            <IconButton onClick={reload} disabled={!running || loading} aria-label={t('sandbox.refreshCounts')}>
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
      </Box>
      {error && running && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('sandbox.countsFailed', { code: error.code, message: detailText(i18n, error) })}
        </Alert>
      )}
      {data && running ? <FactList idPrefix="sandbox-count" facts={facts} /> : <Typography color="text.secondary">{t('sandbox.noCounts')}</Typography>}
    </Paper>
  );
}
