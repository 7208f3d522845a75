import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useTranslation } from 'react-i18next';
import type { Job } from '../../../src-shared/contract/channels/jobs.ts';
import { useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';

/** One job's definition and its per-device results (where the hub answers `devices.jobs`). */
export function JobResultsDialog({ hubHost, job, onClose }: { hubHost: string; job: Job; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { data, error } = useRequest('jobs:results', { hubHost, jobId: job.jobId });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{t('jobs.resultsTitle', { jobId: job.jobId })}</DialogTitle>
      <DialogContent>
        <Box component="pre" sx={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>{job.detail}</Box>
        {job.failureReason && <Alert severity="error">{job.failureReason}</Alert>}
        {error && <Alert severity="error">{errorText(i18n, error)}</Alert>}
        {data && !data.supported && <Alert severity="info">{t('jobs.resultsUnsupported', { message: data.message ?? '' })}</Alert>}
        {data && data.supported && (
          <Table size="small" aria-label={t('jobs.resultsTitle', { jobId: job.jobId })}>
            <TableHead>
              <TableRow>
                <TableCell>{t('jobs.device')}</TableCell>
                <TableCell>{t('jobs.status')}</TableCell>
                <TableCell>{t('jobs.endedAt')}</TableCell>
                <TableCell>{t('jobs.outcome')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.results.map((r) => (
                <TableRow key={r.deviceId}>
                  <TableCell>{r.deviceId}</TableCell>
                  <TableCell>{t(`jobs.statuses.${r.status}`, { defaultValue: r.status })}</TableCell>
                  <TableCell>{r.endTime ? new Date(r.endTime).toLocaleString(i18n.language) : ''}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{r.outcome ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('jobs.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
