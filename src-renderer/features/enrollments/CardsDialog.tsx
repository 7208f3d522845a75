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
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { downloadText } from './download.ts';

type Format = 'csv' | 'json' | 'mail';
const TYPES: Record<Format, string> = { csv: 'text/csv', json: 'application/json', mail: 'text/plain' };

/**
 * Provisioning cards (id scope, global endpoint, registration id, key) for the chosen devices.
 * Nothing is asked of the main process until the operator ticks that the file holds secrets;
 * the file goes straight to a download and is not kept in the page.
 */
export function CardsDialog({ devices, onClose }: { devices: { registrationId: string; groupId?: string }[]; onClose(): void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [format, setFormat] = useState<Format>('csv');
  const [confirmed, setConfirmed] = useState(false);
  const [template, setTemplate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (format === 'mail' && !template) void api.invoke('enrollments:mailTemplate', {}).then((r) => setTemplate(r.template));
  }, [format, template]);

  const exportCards = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await api.invoke('enrollments:cards', { devices, format, confirmSecrets: true, ...(format === 'mail' ? { template } : {}) });
      downloadText(file.fileName, file.content, TYPES[format]);
      notify({ message: t('enrollments.cards.exported', { count: file.count }), severity: 'success' });
      onClose();
    } catch (failure) {
      setError(toApiError(failure).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="cards-title">
      <DialogTitle id="cards-title">{t('enrollments.cards.title', { count: devices.length })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField select label={t('enrollments.cards.format')} value={format} onChange={(e) => setFormat(e.target.value as Format)} id="cards-format">
            {(['csv', 'json', 'mail'] as const).map((f) => (
              <MenuItem key={f} value={f}>{t(`enrollments.cards.${f}`)}</MenuItem>
            ))}
          </TextField>
          {format === 'mail' && <TextField label={t('enrollments.cards.template')} value={template} onChange={(e) => setTemplate(e.target.value)} multiline minRows={6} />}
          <FormControlLabel
            control={<Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="cards-confirm-secrets" />}
            label={t('enrollments.cards.secrets')}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('enrollments.bulk.cancel')}</Button>
        <Button variant="contained" disabled={!confirmed || busy} onClick={() => void exportCards()} data-testid="cards-export">
          {t('enrollments.cards.export')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
