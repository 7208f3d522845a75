import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useTranslation } from 'react-i18next';

/** Asks before a reset, which deletes every enrollment, registration and device in the sandbox. */
export function ResetDialog({ open, onCancel, onConfirm }: { open: boolean; onCancel(): void; onConfirm(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="sandbox-reset-title" aria-describedby="sandbox-reset-text">
      <DialogTitle id="sandbox-reset-title">{t('sandbox.resetTitle')}</DialogTitle>
      <DialogContent>
        <DialogContentText id="sandbox-reset-text">{t('sandbox.resetText')}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} autoFocus>
          {t('sandbox.cancel')}
        </Button>
        <Button onClick={onConfirm} color="error" variant="contained">
          {t('sandbox.resetConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
