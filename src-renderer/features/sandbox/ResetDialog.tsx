import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/** Asks before a reset, which deletes every enrollment, registration and device in the sandbox. */
export function ResetDialog({ open, onCancel, onConfirm }: { open: boolean; onCancel(): void; onConfirm(): void }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      open={open}
      title={t('sandbox.resetTitle')}
      text={t('sandbox.resetText')}
      cancelLabel={t('sandbox.cancel')}
      confirmLabel={t('sandbox.resetConfirm')}
      onCancel={onCancel}
      onConfirm={onConfirm}
    />
  );
}
