import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../src-shared/contract/index.ts';
import { api, toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { useTasks } from '../tasks/use-tasks.ts';
import { ImportHistory } from './ImportHistory.tsx';
import { ImportPreviewTable } from './ImportPreviewTable.tsx';

type Preview = ResponseOf<'enrollments:importPreview'>;
export const IMPORT_TASK_KIND = 'enrollments-import';

/** The administrator's flow: a CSV of device records → a checked preview → the import task with progress, cancel, resume and results. */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [template, setTemplate] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tasks = useTasks(IMPORT_TASK_KIND);
  const running = tasks.tasks.some((task) => task.status === 'running');

  useEffect(() => {
    if (!file) return;
    const timer = setTimeout(() => {
      setError(null);
      api.invoke('enrollments:importPreview', { fileName: file.name, csv: file.text, options: template ? { template } : {} }).then(setPreview, (failure: unknown) => {
        setPreview(null);
        const e = toApiError(failure);
        setError(e.details[0]?.message ?? e.message);
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [file, template]);

  const finished = tasks.tasks[0]?.status;
  useEffect(() => {
    if (finished && finished !== 'running') onImported();
  }, [finished, onImported]);

  const start = async () => {
    if (!file) return;
    try {
      await api.invoke('enrollments:importStart', { fileName: file.name, csv: file.text, options: template ? { template } : {} });
      setPreview(null);
      setFile(null);
    } catch (failure) {
      notify({ message: toApiError(failure).message, severity: 'error' });
    }
  };

  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary">{t('enrollments.import.help')}</Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }}>
        <Button component="label" variant="outlined">
          {t('enrollments.import.choose')}
          <input
            type="file"
            hidden
            accept=".csv,text/csv"
            data-testid="import-file"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              if (chosen) void chosen.text().then((text) => setFile({ name: chosen.name, text }));
              e.target.value = '';
            }}
          />
        </Button>
        <Typography variant="body2">{file?.name}</Typography>
        <TextField size="small" sx={{ minWidth: 360 }} label={t('enrollments.import.template')} value={template} onChange={(e) => setTemplate(e.target.value)} />
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {preview && (
        <>
          <Alert severity={preview.counts.invalid || preview.counts.duplicate ? 'warning' : 'info'} data-testid="import-counts">
            {t('enrollments.import.counts', preview.counts)}
          </Alert>
          <ImportPreviewTable preview={preview} />
          <Button variant="contained" disabled={running || preview.counts.new + preview.counts.exists === 0} onClick={() => void start()} sx={{ alignSelf: 'flex-start' }} data-testid="import-start">
            {t('enrollments.import.start', { count: preview.counts.new })}
          </Button>
        </>
      )}
      <ImportHistory tasks={tasks} />
    </Stack>
  );
}
