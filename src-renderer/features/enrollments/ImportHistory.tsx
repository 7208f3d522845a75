import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { api, toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { TaskProgress } from '../tasks/TaskProgress.tsx';
import type { TasksState } from '../tasks/use-tasks.ts';
import { downloadText } from './download.ts';

/** Past and running imports: progress, cancel, resume, the outcome counts, and each row's result as CSV. */
export function ImportHistory({ tasks }: { tasks: TasksState }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const act = (run: () => Promise<unknown>) => void run().catch((failure: unknown) => notify({ message: toApiError(failure).message, severity: 'error' }));
  const exportResults = (jobId: string) =>
    act(async () => {
      const file = await api.invoke('enrollments:importExport', { jobId });
      downloadText(file.fileName, file.csv, 'text/csv');
    });
  if (!tasks.tasks.length) return null;
  return (
    <Stack spacing={1} data-testid="import-history">
      <Typography variant="h6" component="h2">{t('enrollments.import.history')}</Typography>
      {tasks.tasks.slice(0, 10).map((task) => (
        <Stack key={task.id} spacing={0.5}>
          <TaskProgress task={task} onCancel={() => act(() => tasks.cancel(task.id))} onResume={() => act(() => tasks.resume(task.id))} />
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" color="text.secondary" data-testid="import-outcomes">
              {(['created', 'exists', 'failed', 'invalid'] as const).map((o) => `${t(`enrollments.import.outcomes.${o}`)} ${Number(task.summary[o] ?? 0)}`).join(' · ')}
            </Typography>
            {task.status !== 'running' && <Button size="small" onClick={() => exportResults(task.id)}>{t('enrollments.import.exportResults')}</Button>}
          </Stack>
        </Stack>
      ))}
    </Stack>
  );
}
