import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistrationState } from '../../../src-shared/domain/enrollment.ts';
import { api, toApiError, useRequest } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FactList } from '../../components/FactList.tsx';

/** A device's registration state (status, substatus, hub, device id, error, times) and deleting it so the device provisions afresh. */
export function RegistrationPanel({ registrationId }: { registrationId: string }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const { data, error, reload } = useRequest('enrollments:registration', { registrationId });
  const [asking, setAsking] = useState(false);
  const remove = async () => {
    setAsking(false);
    try {
      await api.invoke('enrollments:deleteRegistration', { registrationId });
      notify({ message: t('enrollments.details.registrationDeleted', { id: registrationId }), severity: 'success' });
      reload();
    } catch (failure) {
      notify({ message: toApiError(failure).message, severity: 'error' });
    }
  };
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (!data) return null;
  if (!data.state) return <Alert severity="info">{t('enrollments.details.noRegistration')}</Alert>;
  return (
    <Stack spacing={1}>
      <RegistrationFacts state={data.state} />
      <Button size="small" color="error" onClick={() => setAsking(true)} sx={{ alignSelf: 'flex-start' }}>{t('enrollments.details.deleteRegistration')}</Button>
      <ConfirmDialog
        open={asking}
        title={t('enrollments.details.deleteRegistration')}
        text={t('enrollments.details.deleteRegistrationText')}
        cancelLabel={t('enrollments.bulk.cancel')}
        confirmLabel={t('enrollments.bulk.delete')}
        onCancel={() => setAsking(false)}
        onConfirm={() => void remove()}
      />
    </Stack>
  );
}

export function RegistrationFacts({ state }: { state: RegistrationState }) {
  const { t } = useTranslation();
  const rows = [
    ['status', t('enrollments.details.regStatus'), state.status],
    ['substatus', t('enrollments.details.substatus'), state.substatus],
    ['hub', t('enrollments.details.assignedHub'), state.assignedHub],
    ['deviceId', t('enrollments.details.regDeviceId'), state.deviceId],
    ['error', t('enrollments.details.error'), state.errorCode ? `${state.errorCode} ${state.errorMessage ?? ''}` : null],
    ['updated', t('enrollments.details.lastUpdated'), state.updatedAt],
  ] as const;
  return <FactList idPrefix={`registration-${state.registrationId}`} facts={rows.filter(([, , v]) => v).map(([id, label, value]) => ({ id, label, value: String(value) }))} />;
}
