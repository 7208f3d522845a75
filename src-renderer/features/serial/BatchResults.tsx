import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../src-shared/contract/channels/tasks.ts';
import { api, useRequest } from '../../api/index.ts';
import { downloadText } from './download-text.ts';

/** A batch's rows as stored (re-read as it moves), with pass/fail counters and the export. */
export function BatchResults({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { data } = useRequest('serial:results', { jobId: task.id }, { intervalMs: task.status === 'running' ? 1000 : undefined });
  const results = data?.results ?? [];
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const exportCsv = async () => {
    const file = await api.invoke('serial:exportResults', { jobId: task.id });
    downloadText(file.fileName, file.csv, 'text/csv');
  };
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Chip color="success" label={t('serial.batch.passed', { count: count('passed') })} data-testid="batch-passed" />
        <Chip color="error" label={t('serial.batch.failedCount', { count: count('failed') })} data-testid="batch-failed" />
        <Chip color="warning" label={t('serial.batch.duplicates', { count: count('duplicate') })} />
        <Button size="small" onClick={() => void exportCsv()} disabled={!results.length}>
          {t('serial.batch.export')}
        </Button>
      </Stack>
      <Table size="small" aria-label={t('serial.batch.results')}>
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>{t('serial.push.registrationId')}</TableCell>
            <TableCell>{t('serial.batch.serial')}</TableCell>
            <TableCell>{t('serial.batch.status')}</TableCell>
            <TableCell>{t('serial.batch.detail')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {results.map((r) => (
            <TableRow key={r.index}>
              <TableCell>{r.index + 1}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{r.registrationId}</TableCell>
              <TableCell>{r.serial ?? ''}</TableCell>
              <TableCell>{t(`serial.batch.state.${r.status}`)}</TableCell>
              <TableCell>{r.code ? `${r.code}: ${r.message ?? ''}` : (r.assignedHub ?? r.keyFingerprint ?? '')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
}
