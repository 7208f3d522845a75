import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonChange } from '../../../src-shared/domain/json-diff.ts';
import { mergeTwinSection } from '../../../src-shared/domain/twin-limits.ts';
import { api, toApiError, type ApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { changedSince, editableTwin, parseEdit, type EditableTwin } from './twin-edit-model.ts';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function ChangeList({ changes, label }: { changes: JsonChange[]; label: string }) {
  const { t } = useTranslation();
  return (
    <Box component="ul" aria-label={label} sx={{ fontFamily: 'monospace', fontSize: 13, pl: 2, my: 1 }}>
      {changes.map((c) => (
        <li key={`${c.kind}-${c.path}`}>
          {t(`devices.change.${c.kind}`, { path: c.path, before: JSON.stringify(c.before), after: JSON.stringify(c.after) })}
        </li>
      ))}
    </Box>
  );
}

/**
 * Edits tags and desired properties as JSON, previews the diff, checks the service's limits, and
 * sends the merge patch with the etag it started from. When someone else changed the twin in the
 * meantime, it shows what they changed and re-applies the operator's edits on the fresh twin.
 */
export function TwinEditDialog({ hubHost, deviceId, twin, onClose }: { hubHost: string; deviceId: string; twin: Record<string, unknown>; onClose(saved: boolean): void }) {
  const { t, i18n } = useTranslation();
  const [base, setBase] = useState<EditableTwin>(() => editableTwin(twin));
  const [tagsText, setTagsText] = useState(() => pretty(base.tags));
  const [desiredText, setDesiredText] = useState(() => pretty(base.desired));
  const [conflict, setConflict] = useState<JsonChange[] | null>(null);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const edit = useMemo(() => parseEdit(base, tagsText, desiredText), [base, tagsText, desiredText]);

  const send = () => {
    if (!edit.ok || !edit.patch || edit.problems.length > 0) return;
    const patch = edit.patch;
    setBusy(true);
    setError(undefined);
    api.invoke('devices:patchTwin', { hubHost, deviceId, etag: base.etag, patch }).then(
      () => onClose(true),
      async (failure: unknown) => {
        const e = toApiError(failure);
        if (e.code !== 'precondition_failed') {
          setError(e);
          return;
        }
        const fresh = editableTwin((await api.invoke('devices:get', { hubHost, deviceId })).twin);
        setConflict(changedSince(base, fresh));
        setBase(fresh);
        setTagsText(pretty(patch.tags ? mergeTwinSection(fresh.tags, patch.tags) : fresh.tags));
        setDesiredText(pretty(patch.properties?.desired ? mergeTwinSection(fresh.desired, patch.properties.desired) : fresh.desired));
      },
    ).finally(() => setBusy(false));
  };

  const fieldError = (field: 'tags' | 'desired') => (!edit.ok && edit.field === field ? t('devices.notJson', { message: edit.message }) : undefined);
  return (
    <Dialog open onClose={() => onClose(false)} fullWidth maxWidth="md">
      <DialogTitle>{t('devices.editTwinTitle', { deviceId })}</DialogTitle>
      <DialogContent>
        {conflict && (
          <Alert severity="warning" sx={{ mb: 2 }} role="alert">
            <Typography>{t('devices.conflict')}</Typography>
            <ChangeList changes={conflict} label={t('devices.conflictChanges')} />
          </Alert>
        )}
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mt: 1 }}>
          {(['tags', 'desired'] as const).map((field) => (
            <TextField
              key={field}
              label={t(`devices.sections.${field}`)}
              value={field === 'tags' ? tagsText : desiredText}
              onChange={(e) => (field === 'tags' ? setTagsText : setDesiredText)(e.target.value)}
              multiline
              minRows={8}
              maxRows={20}
              fullWidth
              error={!!fieldError(field)}
              helperText={fieldError(field) ?? ' '}
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } } }}
            />
          ))}
        </Stack>
        {edit.ok && edit.changes.length > 0 && (
          <>
            <Typography variant="subtitle2">{t('devices.preview')}</Typography>
            <ChangeList changes={edit.changes} label={t('devices.preview')} />
          </>
        )}
        {edit.ok && edit.problems.length > 0 && (
          <Alert severity="error" role="alert">
            {edit.problems.map((p) => (
              <div key={p.path + p.key}>{t(`devices.twinProblem.${p.key}`, p.params)}</div>
            ))}
          </Alert>
        )}
        {error && <Alert severity="error" role="alert">{errorText(i18n, error)}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>{t('devices.cancel')}</Button>
        <Button variant="contained" onClick={send} disabled={busy || !edit.ok || !edit.patch || edit.problems.length > 0}>
          {t('devices.sendPatch')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
