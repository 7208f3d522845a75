import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../api/index.ts';

/** Printable labels: a QR code of each registration id (never a key) with the id written under it. */
export function LabelsDialog({ registrationIds, onClose }: { registrationIds: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const { data } = useRequest('enrollments:labels', { registrationIds });
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="labels-title">
      <DialogTitle id="labels-title">{t('enrollments.labels.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{t('enrollments.labels.note')}</Typography>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: 2 }} className="print-labels">
          {data?.labels.map((label) => (
            <Box key={label.registrationId} sx={{ textAlign: 'center', p: 1, border: 1, borderColor: 'divider', bgcolor: 'common.white', color: 'common.black' }} data-testid="enrollment-label">
              <img src={`data:image/svg+xml;utf8,${encodeURIComponent(label.svg)}`} alt={label.registrationId} width={140} height={140} />
              <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{label.registrationId}</Typography>
            </Box>
          ))}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => window.print()}>{t('enrollments.labels.print')}</Button>
        <Button onClick={onClose}>{t('enrollments.bulk.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
