import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../src-shared/contract/channels/tasks.ts';

/** One task's progress bar with its counts, and Cancel or Resume as its state allows. */
export function TaskProgress({ task, onCancel, onResume }: { task: Task; onCancel(): void; onResume(): void }) {
  const { t } = useTranslation();
  const percent = task.total ? Math.min(100, (100 * task.done) / task.total) : undefined;
  const running = task.status === 'running';
  const resumable = task.status === 'cancelled' || task.status === 'interrupted' || task.status === 'failed';
  return (
    <Box role="group" aria-label={task.title} sx={{ display: 'flex', flexDirection: 'column', gap: 0.5, my: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="body2" sx={{ flexGrow: 1 }}>
          {task.title} · {t(`tasks.status.${task.status}`)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {task.total == null ? t('tasks.countsOpen', { done: task.done, failed: task.failed }) : t('tasks.counts', { done: task.done, total: task.total, failed: task.failed })}
        </Typography>
        {running && (
          <Button size="small" onClick={onCancel}>
            {t('tasks.cancel')}
          </Button>
        )}
        {resumable && (
          <Button size="small" onClick={onResume}>
            {t('tasks.resume')}
          </Button>
        )}
      </Box>
      {running && <LinearProgress variant={percent === undefined ? 'indeterminate' : 'determinate'} value={percent} aria-label={task.title} />}
      {task.message && (
        <Typography variant="caption" color={task.status === 'failed' ? 'error' : 'text.secondary'}>
          {task.message}
        </Typography>
      )}
    </Box>
  );
}
