import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { TaskProgress } from '../tasks/TaskProgress.tsx';
import { useTasks } from '../tasks/use-tasks.ts';
import { BulkUpdateDialog } from './BulkUpdateDialog.tsx';
import { ExportDialog } from './ExportDialog.tsx';

/** Bulk work on the device list: update the selected twins, import a file, export the query's identities, and the tasks' progress. */
export function BulkBar({ hubHost, selected, query }: { hubHost: string; selected: string[]; query: string }) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [dialog, setDialog] = useState<'update' | 'export' | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const twinTasks = useTasks('devices-bulk-twin');
  const importTasks = useTasks('devices-import');
  const recent = [...twinTasks.tasks, ...importTasks.tasks].sort((a, b) => b.startedAt - a.startedAt).slice(0, 3);
  const importFile = (picked: File | undefined) => {
    if (!picked) return;
    void picked.text().then((text) =>
      api.invoke('devices:importIdentities', { hubHost, format: picked.name.toLowerCase().endsWith('.json') ? 'json' : 'csv', text }).then(
        () => notify({ message: t('devices.bulk.importStarted', { name: picked.name }), severity: 'info' }),
        (e: unknown) => notify({ message: errorText(i18n, toApiError(e)), severity: 'error' }),
      ),
    );
  };
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 2 }} component="section" aria-label={t('devices.bulk.title')}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography sx={{ flexGrow: 1 }} color="text.secondary">{t('devices.bulk.selected', { count: selected.length })}</Typography>
        <Button disabled={selected.length === 0} onClick={() => setDialog('update')}>{t('devices.bulk.update')}</Button>
        <Button onClick={() => file.current?.click()}>{t('devices.bulk.import')}</Button>
        <input ref={file} type="file" accept=".csv,.json,text/csv,application/json" hidden aria-label={t('devices.bulk.importFile')} onChange={(e) => { importFile(e.target.files?.[0]); e.target.value = ''; }} />
        <Button onClick={() => setDialog('export')}>{t('devices.bulk.export')}</Button>
      </Stack>
      {recent.map((task) => (
        <TaskProgress key={task.id} task={task} onCancel={() => void twinTasks.cancel(task.id)} onResume={() => void twinTasks.resume(task.id)} />
      ))}
      {dialog === 'update' && <BulkUpdateDialog hubHost={hubHost} deviceIds={selected} onClose={() => setDialog(null)} />}
      {dialog === 'export' && <ExportDialog hubHost={hubHost} query={query} onClose={() => setDialog(null)} />}
    </Paper>
  );
}
