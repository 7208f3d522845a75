import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useTranslation } from 'react-i18next';

/** Asks before deleting a profile, which also forgets its stored secrets. */
export function DeleteProfileDialog({ name, onCancel, onConfirm }: { name: string | null; onCancel(): void; onConfirm(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={name !== null} onClose={onCancel} aria-labelledby="profile-delete-title" aria-describedby="profile-delete-text">
      <DialogTitle id="profile-delete-title">{t('profileManager.deleteTitle', { name: name ?? '' })}</DialogTitle>
      <DialogContent>
        <DialogContentText id="profile-delete-text">{t('profileManager.deleteText')}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} autoFocus>
          {t('profileManager.cancel')}
        </Button>
        <Button onClick={onConfirm} color="error" variant="contained">
          {t('profileManager.deleteConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
