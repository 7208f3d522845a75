import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { HubPicker } from '../devices/HubPicker.tsx';
import { JobList } from './JobList.tsx';
import { ScheduleJobDialog } from './ScheduleJobDialog.tsx';

const ACTIVE = new Set(['queued', 'scheduled', 'running']);

/** Jobs of one hub: schedule twin updates or methods over a condition, follow them live, cancel, read results. */
export default function JobsPage() {
  const { t, i18n } = useTranslation();
  const hubs = useRequest('devices:hubs', {});
  const [picked, setPicked] = useState<string>();
  const hubList = hubs.data?.hubs ?? [];
  const hubHost = picked && hubList.includes(picked) ? picked : hubList[0];
  const [scheduling, setScheduling] = useState(false);
  const [fast, setFast] = useState(false);
  const jobs = useRequest('jobs:list', { hubHost: hubHost ?? '' }, { skip: !hubHost, intervalMs: fast ? 1000 : 5000 });
  const anyActive = (jobs.data?.jobs ?? []).some((job) => ACTIVE.has(job.status));
  if (anyActive !== fast) setFast(anyActive);
  return (
    <>
      <PageHeader
        title={t('areas.jobs.title')}
        actions={
          <Stack direction="row" spacing={1}>
            <HubPicker hubs={hubList} value={hubHost} onChange={setPicked} />
            <Button variant="contained" startIcon={<AddIcon />} disabled={!hubHost} onClick={() => setScheduling(true)}>
              {t('jobs.schedule')}
            </Button>
          </Stack>
        }
      />
      {hubs.error && <Alert severity="error">{errorText(i18n, hubs.error)}</Alert>}
      {jobs.error && <Alert severity="error" sx={{ mb: 2 }}>{errorText(i18n, jobs.error)}</Alert>}
      {hubHost && <JobList hubHost={hubHost} jobs={jobs.data?.jobs ?? []} onChanged={jobs.reload} />}
      {hubHost && scheduling && (
        <ScheduleJobDialog
          hubHost={hubHost}
          onClose={(scheduled) => {
            setScheduling(false);
            if (scheduled) jobs.reload();
          }}
        />
      )}
    </>
  );
}
