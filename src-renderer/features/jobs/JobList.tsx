import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Job } from '../../../src-shared/contract/channels/jobs.ts';
import { api, toApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { JobResultsDialog } from './JobResultsDialog.tsx';

const CANCELLABLE = new Set(['queued', 'scheduled', 'running']);

/** The hub's jobs, newest first, with live counts and a progress bar each. */
export function JobList({ hubHost, jobs, onChanged }: { hubHost: string; jobs: Job[]; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [cancelling, setCancelling] = useState<Job | null>(null);
  const [results, setResults] = useState<Job | null>(null);
  if (jobs.length === 0) return <Typography color="text.secondary">{t('jobs.none')}</Typography>;
  const cancel = (job: Job) => {
    setCancelling(null);
    api.invoke('jobs:cancel', { hubHost, jobId: job.jobId, confirmed: true }).then(onChanged, (failure: unknown) => notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' }));
  };
  return (
    <>
      <Table size="small" aria-label={t('jobs.list')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('jobs.jobId')}</TableCell>
            <TableCell>{t('jobs.type')}</TableCell>
            <TableCell>{t('jobs.condition')}</TableCell>
            <TableCell>{t('jobs.status')}</TableCell>
            <TableCell sx={{ width: 280 }}>{t('jobs.progress')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {jobs.map((job) => {
            const s = job.statistics;
            const done = s.succeededCount + s.failedCount;
            return (
              <TableRow key={job.jobId} data-testid={`job-${job.jobId}`}>
                <TableCell>{job.jobId}</TableCell>
                <TableCell>{t(`jobs.types.${job.type}`)}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis' }}>{job.queryCondition}</TableCell>
                <TableCell>{t(`jobs.statuses.${job.status}`)}</TableCell>
                <TableCell>
                  <Box>
                    <LinearProgress variant="determinate" value={s.deviceCount === 0 ? (CANCELLABLE.has(job.status) ? 0 : 100) : (100 * done) / s.deviceCount} aria-label={t('jobs.progressOf', { jobId: job.jobId })} />
                    <Typography variant="caption" data-testid={`job-${job.jobId}-counts`}>
                      {t('jobs.counts', { succeeded: s.succeededCount, failed: s.failedCount, pending: s.pendingCount + s.runningCount, total: s.deviceCount })}
                    </Typography>
                  </Box>
                </TableCell>
                <TableCell align="right">
                  <Button size="small" onClick={() => setResults(job)}>{t('jobs.results')}</Button>
                  {CANCELLABLE.has(job.status) && (
                    <Button size="small" color="error" onClick={() => setCancelling(job)}>
                      {t('jobs.cancel')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={cancelling !== null}
        title={t('jobs.cancelTitle', { jobId: cancelling?.jobId ?? '' })}
        text={t('jobs.cancelText')}
        cancelLabel={t('jobs.keep')}
        confirmLabel={t('jobs.cancelConfirm')}
        onCancel={() => setCancelling(null)}
        onConfirm={() => cancelling && cancel(cancelling)}
      />
      {results && <JobResultsDialog hubHost={hubHost} job={results} onClose={() => setResults(null)} />}
    </>
  );
}
