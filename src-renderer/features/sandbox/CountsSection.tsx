import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../api/index.ts';
import { FactList } from '../../components/FactList.tsx';
import { detailText } from '../../app/i18n/error-text.ts';
import { RefreshableSection } from './RefreshableSection.tsx';

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
    <RefreshableSection
      id="sandbox-counts"
      title={t('sandbox.counts')}
      refreshLabel={t('sandbox.refreshCounts')}
      onRefresh={reload}
      refreshDisabled={!running || loading}
      warning={error && running ? t('sandbox.countsFailed', { code: error.code, message: detailText(i18n, error) }) : null}
    >
      {data && running ? <FactList idPrefix="sandbox-count" facts={facts} /> : <Typography color="text.secondary">{t('sandbox.noCounts')}</Typography>}
    </RefreshableSection>
  );
}
