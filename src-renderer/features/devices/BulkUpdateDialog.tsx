import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseJsonObject } from '../../../src-shared/domain/json-object.ts';
import { twinPatchProblems } from '../../../src-shared/domain/twin-limits.ts';
import { api, toApiError, type ApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';

/** Sets the same tags and/or desired properties on every selected device, as a task with progress. */
export function BulkUpdateDialog({ hubHost, deviceIds, onClose }: { hubHost: string; deviceIds: string[]; onClose(started: boolean): void }) {
  const { t, i18n } = useTranslation();
  const [tags, setTags] = useState('');
  const [desired, setDesired] = useState('');
  const [error, setError] = useState<ApiError>();
  const parsedTags = parseJsonObject(tags);
  const parsedDesired = parseJsonObject(desired);
  const patch = {
    ...(parsedTags && parsedTags !== 'bad' ? { tags: parsedTags } : {}),
    ...(parsedDesired && parsedDesired !== 'bad' ? { properties: { desired: parsedDesired } } : {}),
  };
  const problems = twinPatchProblems(patch);
  const ready = parsedTags !== 'bad' && parsedDesired !== 'bad' && Object.keys(patch).length > 0 && problems.length === 0;
  const start = () => api.invoke('devices:bulkTwin', { hubHost, deviceIds, patch }).then(() => onClose(true), (e: unknown) => setError(toApiError(e)));
  const json = { htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } };
  return (
    <Dialog open onClose={() => onClose(false)} fullWidth maxWidth="md">
      <DialogTitle>{t('devices.bulk.updateTitle', { count: deviceIds.length })}</DialogTitle>
      <DialogContent>
        <Stack direction="row" spacing={2} sx={{ mt: 1 }}>
          <TextField label={t('devices.sections.tags')} value={tags} onChange={(e) => setTags(e.target.value)} multiline minRows={5} fullWidth error={parsedTags === 'bad'} helperText={parsedTags === 'bad' ? t('devices.bulk.notObject') : ' '} slotProps={json} />
          <TextField label={t('devices.sections.desired')} value={desired} onChange={(e) => setDesired(e.target.value)} multiline minRows={5} fullWidth error={parsedDesired === 'bad'} helperText={parsedDesired === 'bad' ? t('devices.bulk.notObject') : ' '} slotProps={json} />
        </Stack>
        {problems.map((p) => (
          <Alert key={p.path + p.key} severity="error">{t(`devices.twinProblem.${p.key}`, p.params)}</Alert>
        ))}
        {error && <Alert severity="error">{errorText(i18n, error)}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>{t('devices.cancel')}</Button>
        <Button variant="contained" onClick={start} disabled={!ready}>{t('devices.bulk.start')}</Button>
      </DialogActions>
    </Dialog>
  );
}
