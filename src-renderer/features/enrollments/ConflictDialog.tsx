import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useTranslation } from 'react-i18next';

export interface Conflict {
  id: string;
  changes: { field: string; loaded: string; current: string }[];
}

/** A save hit a newer version: what changed since the form was loaded, then reload theirs or overwrite with mine. */
export function ConflictDialog({ conflict, onReload, onOverwrite, onCancel }: { conflict: Conflict; onReload(): void; onOverwrite(): void; onCancel(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog open onClose={onCancel} maxWidth="md" fullWidth aria-labelledby="conflict-title">
      <DialogTitle id="conflict-title">{t('enrollments.conflict.title', { id: conflict.id })}</DialogTitle>
      <DialogContent>
        <DialogContentText>{conflict.changes.length ? t('enrollments.conflict.text') : t('enrollments.conflict.none')}</DialogContentText>
        {conflict.changes.length > 0 && (
          <Table size="small" aria-label={t('enrollments.conflict.text')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('enrollments.conflict.field')}</TableCell>
                <TableCell>{t('enrollments.conflict.loaded')}</TableCell>
                <TableCell>{t('enrollments.conflict.current')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {conflict.changes.map((c) => (
                <TableRow key={c.field}>
                  <TableCell>{c.field}</TableCell>
                  <TableCell>{c.loaded}</TableCell>
                  <TableCell>{c.current}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('enrollments.form.cancel')}</Button>
        <Button onClick={onReload}>{t('enrollments.conflict.reload')}</Button>
        <Button onClick={onOverwrite} color="warning" variant="contained">{t('enrollments.conflict.overwrite')}</Button>
      </DialogActions>
    </Dialog>
  );
}
