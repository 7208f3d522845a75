import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/** Asks before deleting a profile, which also forgets its stored secrets. */
export function DeleteProfileDialog({ name, onCancel, onConfirm }: { name: string | null; onCancel(): void; onConfirm(): void }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      open={name !== null}
      title={t('profileManager.deleteTitle', { name: name ?? '' })}
      text={t('profileManager.deleteText')}
      cancelLabel={t('profileManager.cancel')}
      confirmLabel={t('profileManager.deleteConfirm')}
      onCancel={onCancel}
      onConfirm={onConfirm}
    />
  );
}
