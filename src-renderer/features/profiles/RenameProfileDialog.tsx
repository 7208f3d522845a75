import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError } from '../../api/index.ts';
import { fieldOrErrorText } from '../../app/i18n/error-text.ts';

export function RenameProfileDialog({ profile, onClose }: { profile: { id: string; name: string } | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setName(profile?.name ?? '');
    setError(null);
  }, [profile]);

  const rename = async () => {
    if (!profile) return;
    try {
      await api.invoke('profiles:rename', { id: profile.id, name });
      onClose();
    } catch (failure) {
      const e = toApiError(failure);
      setError(fieldOrErrorText(i18n, e, 'name'));
    }
  };

  return (
    <Dialog open={profile !== null} onClose={onClose} aria-labelledby="profile-rename-title">
      <DialogTitle id="profile-rename-title">{t('profileManager.renameTitle')}</DialogTitle>
      <DialogContent>
        <TextField autoFocus fullWidth label={t('profileManager.name')} value={name} onChange={(e) => setName(e.target.value)} error={error !== null} helperText={error} sx={{ mt: 1 }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('profileManager.cancel')}</Button>
        <Button variant="contained" onClick={() => void rename()}>
          {t('profileManager.renameConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
