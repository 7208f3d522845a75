import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentKind, EnrollmentView } from '../../../src-shared/domain/enrollment.ts';
import { api, toApiError, useRequest } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FactList } from '../../components/FactList.tsx';
import { GroupDevicesPanel } from './GroupDevicesPanel.tsx';
import { KeyReveal } from './KeyReveal.tsx';
import { RegistrationPanel } from './RegistrationPanel.tsx';

interface Props {
  kind: EnrollmentKind;
  id: string;
  onClose(): void;
  onEdit(view: EnrollmentView): void;
  onDeleted(): void;
}

/** One enrollment read fresh from the DPS: its facts, masked keys, registration state or group devices, edit and delete. */
export function EnrollmentDetailsDialog({ kind, id, onClose, onEdit, onDeleted }: Props) {
  const { t } = useTranslation();
  const notify = useNotify();
  const { data: view, error } = useRequest('enrollments:get', { kind, id });
  const [asking, setAsking] = useState(false);
  const remove = async () => {
    setAsking(false);
    try {
      await api.invoke('enrollments:delete', { kind, id, ...(view?.etag ? { etag: view.etag } : {}) });
      notify({ message: t('enrollments.details.deleted', { id }), severity: 'success' });
      onDeleted();
    } catch (failure) {
      notify({ message: toApiError(failure).message, severity: 'error' });
    }
  };
  const a = view?.attestation;
  const cert = a?.primaryCertificate;
  const facts = view
    ? [
        { id: 'status', label: t('enrollments.columns.status'), value: view.status },
        { id: 'attestation', label: t('enrollments.columns.attestation'), value: a?.type ?? '' },
        { id: 'deviceId', label: t('enrollments.columns.deviceId'), value: view.deviceId ?? '' },
        { id: 'allocation', label: t('enrollments.columns.allocationPolicy'), value: [view.allocationPolicy, view.iotHubHostName, ...view.iotHubs].filter(Boolean).join(' · ') },
        { id: 'edge', label: t('enrollments.form.iotEdge'), value: view.iotEdge ? '✓' : '—' },
        ...(cert ? [{ id: 'cert', label: t('enrollments.form.primaryPem'), value: `${cert.subject} · ${cert.issuer} · ${cert.sha1Thumbprint} · ${cert.notAfter}` }] : []),
        ...(a?.caReference ? [{ id: 'ca', label: t('enrollments.form.caReference'), value: a.caReference }] : []),
        { id: 'tags', label: t('enrollments.form.tags'), value: JSON.stringify(view.initialTwin.tags) },
        { id: 'updated', label: t('enrollments.columns.updatedAt'), value: view.updatedAt ?? '' },
      ].filter((f) => f.value !== '')
    : [];
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="enrollment-details-title">
      <DialogTitle id="enrollment-details-title">{t('enrollments.details.title', { id })}</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error.message}</Alert>}
        {view && (
          <Stack spacing={2}>
            <FactList idPrefix="enrollment" facts={facts} />
            {a?.primaryKeyFingerprint && (
              <Stack spacing={1}>
                <Typography variant="subtitle2">{t('enrollments.details.keys')}</Typography>
                <KeyReveal kind={kind} id={id} which="primary" label={t('enrollments.form.primaryKey')} fingerprint={a.primaryKeyFingerprint} />
                {a.secondaryKeyFingerprint && <KeyReveal kind={kind} id={id} which="secondary" label={t('enrollments.form.secondaryKey')} fingerprint={a.secondaryKeyFingerprint} />}
              </Stack>
            )}
            <Divider />
            {kind === 'individual' ? <RegistrationPanel registrationId={id} /> : <GroupDevicesPanel groupId={id} symmetric={a?.type === 'symmetricKey'} />}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button color="error" onClick={() => setAsking(true)} disabled={!view} data-testid="enrollment-delete">{t('enrollments.details.delete')}</Button>
        <Button onClick={() => view && onEdit(view)} disabled={!view}>{t('enrollments.details.edit')}</Button>
        <Button onClick={onClose}>{t('enrollments.details.close')}</Button>
      </DialogActions>
      <ConfirmDialog
        open={asking}
        title={t('enrollments.details.deleteTitle', { id })}
        text={t('enrollments.details.deleteText')}
        cancelLabel={t('enrollments.bulk.cancel')}
        confirmLabel={t('enrollments.details.delete')}
        onCancel={() => setAsking(false)}
        onConfirm={() => void remove()}
      />
    </Dialog>
  );
}
