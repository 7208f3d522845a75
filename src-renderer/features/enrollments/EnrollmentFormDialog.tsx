import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '../../../src-shared/contract/result.ts';
import type { EnrollmentKind, EnrollmentView } from '../../../src-shared/domain/enrollment.ts';
import { api, toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ConflictDialog, type Conflict } from './ConflictDialog.tsx';
import { EnrollmentFormFields } from './EnrollmentFormFields.tsx';
import { emptyForm, formFromView, inputFromForm } from './enrollment-form-model.ts';

interface Props {
  kind: EnrollmentKind;
  /** The version being edited, as loaded; null to create. */
  editing: EnrollmentView | null;
  linkedHubs: string[];
  onClose(): void;
  onSaved(view: EnrollmentView): void;
}

/** Create or edit; wrong fields are marked beside themselves; a stale etag opens the conflict view. */
export function EnrollmentFormDialog({ kind, editing, linkedHubs, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [loaded, setLoaded] = useState<EnrollmentView | null>(editing);
  const [values, setValues] = useState(() => (editing ? formFromView(editing) : emptyForm(kind)));
  const [errors, setErrors] = useState<ErrorDetail[]>([]);
  const [summary, setSummary] = useState<string | null>(null);
  const [conflict, setConflict] = useState<(Conflict & { current: EnrollmentView }) | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (etagOverride?: string, base: EnrollmentView | null = loaded) => {
    const form = inputFromForm(etagOverride ? { ...values, etag: etagOverride } : values);
    if (!form.input) {
      setErrors(form.errors);
      setSummary(t('enrollments.form.fixFields'));
      return;
    }
    setSaving(true);
    try {
      const reply = await api.invoke('enrollments:save', { input: form.input, ...(base ? { loaded: base } : {}) });
      if (reply.outcome === 'conflict') {
        setConflict({ id: form.input.id, changes: reply.changes, current: reply.current });
        return;
      }
      // Typed keys leave the page with the save.
      setValues((v) => ({ ...v, primaryKey: '', secondaryKey: '' }));
      notify({ message: t('enrollments.form.saved', { id: reply.enrollment.id }), severity: 'success' });
      onSaved(reply.enrollment);
    } catch (failure) {
      const error = toApiError(failure);
      setErrors(error.details.map((d) => ({ ...d, path: d.path.replace(/^input\./, '') })));
      setSummary(error.details.length ? t('enrollments.form.fixFields') : error.message);
    } finally {
      setSaving(false);
    }
  };

  const title = editing ? t('enrollments.form.edit', { id: editing.id }) : t(kind === 'group' ? 'enrollments.form.createGroup' : 'enrollments.form.createIndividual');
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="enrollment-form-title">
      <DialogTitle id="enrollment-form-title">{title}</DialogTitle>
      <DialogContent>
        {summary && <Alert severity="error" sx={{ mb: 2 }} data-testid="enrollment-form-summary">{summary}</Alert>}
        <div style={{ paddingTop: 8 }}>
          <EnrollmentFormFields values={values} onChange={setValues} errors={errors} editing={editing !== null} linkedHubs={linkedHubs} />
        </div>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('enrollments.form.cancel')}</Button>
        <Button variant="contained" disabled={saving} onClick={() => void save()} data-testid="enrollment-save">
          {t('enrollments.form.save')}
        </Button>
      </DialogActions>
      {conflict && (
        <ConflictDialog
          conflict={conflict}
          onCancel={() => setConflict(null)}
          onReload={() => {
            setValues(formFromView(conflict.current));
            setLoaded(conflict.current);
            setConflict(null);
          }}
          onOverwrite={() => {
            const current = conflict.current;
            setConflict(null);
            setLoaded(current);
            void save(current.etag ?? '*', current);
          }}
        />
      )}
    </Dialog>
  );
}
