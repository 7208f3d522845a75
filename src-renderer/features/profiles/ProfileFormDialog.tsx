import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileDetails } from '../../../src-shared/contract/channels/profiles.ts';
import type { ErrorDetail } from '../../../src-shared/contract/result.ts';
import { api, toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ProfileFormFields } from './ProfileFormFields.tsx';
import { emptyForm, formFromDetails, inputFromForm, type ProfileFormValues } from './profile-form-model.ts';
import { detailText, errorText } from '../../app/i18n/error-text.ts';

interface Props {
  open: boolean;
  /** The profile being edited, or null to create one. */
  editing: ProfileDetails | null;
  onClose(): void;
  onSaved(details: ProfileDetails): void;
}

/** Create or edit an Azure profile. Errors come back from the main process with field paths and land beside their field. */
export function ProfileFormDialog({ open, editing, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [values, setValues] = useState<ProfileFormValues>(emptyForm);
  const [errors, setErrors] = useState<ErrorDetail[]>([]);
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setValues(editing ? formFromDetails(editing) : emptyForm());
    setErrors([]);
    setSummary(null);
  }, [open, editing]);

  const save = async () => {
    setSaving(true);
    try {
      const profile = inputFromForm(values);
      const details = editing ? await api.invoke('profiles:update', { id: editing.summary.id, profile }) : await api.invoke('profiles:create', { profile });
      // Pasted secrets leave the form as soon as the main process holds them.
      setValues(formFromDetails(details));
      notify({ message: t('profileManager.saved', { name: details.summary.name }), severity: 'success' });
      for (const warning of details.warnings) notify({ message: detailText(i18n, warning), severity: 'warning' });
      onSaved(details);
    } catch (failure) {
      const error = toApiError(failure);
      setErrors(error.details.map((d) => ({ ...d, path: d.path.replace(/^profile\./, '') })));
      setSummary(error.details.length ? t('profileManager.fixFields') : errorText(i18n, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="profile-form-title">
      <DialogTitle id="profile-form-title">{editing ? t('profileManager.editTitle', { name: editing.summary.name }) : t('profileManager.createTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {summary && <Alert severity="error">{summary}</Alert>}
          <ProfileFormFields values={values} onChange={setValues} errors={errors} editing={editing} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('profileManager.cancel')}</Button>
        <Button onClick={() => void save()} variant="contained" disabled={saving} data-testid="profile-save">
          {t('profileManager.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
