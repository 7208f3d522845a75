import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Paste DTDL (one interface or an array); the service names what is wrong with it. */
export function UploadModelsDialog({ open, onCancel, onUpload }: { open: boolean; onCancel(): void; onUpload(json: string): void }) {
  const { t } = useTranslation();
  const [json, setJson] = useState('');
  return (
    <Dialog open={open} onClose={onCancel} fullWidth maxWidth="md">
      <DialogTitle>{t('digital-twins.upload.title')}</DialogTitle>
      <DialogContent>
        <TextField
          label={t('digital-twins.upload.json')}
          value={json}
          onChange={(e) => setJson(e.target.value)}
          multiline
          minRows={10}
          fullWidth
          sx={{ mt: 1, '& textarea': { fontFamily: 'monospace' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('digital-twins.upload.cancel')}</Button>
        <Button variant="contained" disabled={json.trim().length < 2} onClick={() => onUpload(json)}>
          {t('digital-twins.upload.upload')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
