import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';

function download(fileName: string, text: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Exports the identities a query matches as CSV or JSON; keys only after ticking and confirming. */
export function ExportDialog({ hubHost, query, onClose }: { hubHost: string; query: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [includeKeys, setIncludeKeys] = useState(false);
  const [confirmKeys, setConfirmKeys] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = () => {
    setBusy(true);
    api
      .invoke('devices:exportIdentities', { hubHost, format, query, includeKeys, ...(includeKeys ? { confirmed: true as const } : {}) })
      .then((file) => {
        download(file.fileName, file.text, format === 'csv' ? 'text/csv' : 'application/json');
        onClose();
      }, (e: unknown) => setError(toApiError(e)))
      .finally(() => setBusy(false));
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t('devices.bulk.exportTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField select label={t('devices.bulk.format')} value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'json')}>
            <MenuItem value="csv">{t('devices.bulk.csv')}</MenuItem>
            <MenuItem value="json">{t('devices.bulk.json')}</MenuItem>
          </TextField>
          <TextField label={t('devices.rawQuery')} value={query} slotProps={{ htmlInput: { readOnly: true, style: { fontFamily: 'monospace' } } }} />
          <FormControlLabel control={<Checkbox checked={includeKeys} onChange={(e) => { setIncludeKeys(e.target.checked); setConfirmKeys(false); }} />} label={t('devices.bulk.includeKeys')} />
          {includeKeys && (
            <Alert severity="warning">
              {t('devices.bulk.keysWarning')}
              <FormControlLabel control={<Checkbox checked={confirmKeys} onChange={(e) => setConfirmKeys(e.target.checked)} />} label={t('devices.bulk.confirmKeys')} />
            </Alert>
          )}
          {error && <Alert severity="error">{errorText(i18n, error)}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('devices.cancel')}</Button>
        <Button variant="contained" onClick={run} disabled={busy || (includeKeys && !confirmKeys)}>{t('devices.bulk.export')}</Button>
      </DialogActions>
    </Dialog>
  );
}
