import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../src-shared/contract/index.ts';
import type { EnrollmentKind } from '../../../src-shared/domain/enrollment.ts';
import { api, toApiError } from '../../api/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { CardsDialog } from './CardsDialog.tsx';
import { LabelsDialog } from './LabelsDialog.tsx';

type Action = 'enable' | 'disable' | 'delete';
type Results = ResponseOf<'enrollments:bulk'>['results'];

/** What the selection can do: bulk status and delete (confirmed, with a count, then one result per row), cards and labels. */
export function BulkActions({ kind, ids, onDone }: { kind: EnrollmentKind; ids: string[]; onDone(): void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [asking, setAsking] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Results | null>(null);
  const [cards, setCards] = useState(false);
  const [labels, setLabels] = useState(false);

  const run = async (action: Action) => {
    setAsking(null);
    setBusy(true);
    try {
      setResults((await api.invoke('enrollments:bulk', { kind, action, ids })).results);
    } catch (failure) {
      notify({ message: toApiError(failure).message, severity: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const failed = results?.filter((r) => !r.ok) ?? [];

  return (
    <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }} role="toolbar" aria-label={t('enrollments.selected', { count: ids.length })}>
      <Typography variant="body2" sx={{ mr: 1 }}>{t('enrollments.selected', { count: ids.length })}</Typography>
      {(['enable', 'disable', 'delete'] as const).map((action) => (
        <Button key={action} size="small" disabled={busy} color={action === 'delete' ? 'error' : 'primary'} onClick={() => setAsking(action)} data-testid={`enrollments-bulk-${action}`}>
          {t(`enrollments.bulk.${action}`)}
        </Button>
      ))}
      {kind === 'individual' && (
        <>
          <Button size="small" onClick={() => setCards(true)} data-testid="enrollments-cards">{t('enrollments.cards.action')}</Button>
          <Button size="small" onClick={() => setLabels(true)}>{t('enrollments.cards.label')}</Button>
        </>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={t('enrollments.bulk.confirmTitle', { action: asking ? t(`enrollments.bulk.${asking}`) : '', count: ids.length })}
        text={t(asking === 'delete' ? 'enrollments.bulk.confirmDeleteText' : 'enrollments.bulk.confirmText', { count: ids.length })}
        cancelLabel={t('enrollments.bulk.cancel')}
        confirmLabel={asking ? t(`enrollments.bulk.${asking}`) : ''}
        onCancel={() => setAsking(null)}
        onConfirm={() => asking && void run(asking)}
      />
      <Dialog open={results !== null} onClose={() => { setResults(null); onDone(); }} aria-labelledby="bulk-results-title" maxWidth="sm" fullWidth>
        <DialogTitle id="bulk-results-title">{t('enrollments.bulk.resultTitle')}</DialogTitle>
        <DialogContent>
          <Alert severity={failed.length ? 'warning' : 'success'} data-testid="enrollments-bulk-summary">
            {t('enrollments.bulk.resultSummary', { ok: (results?.length ?? 0) - failed.length, failed: failed.length })}
          </Alert>
          <List dense>
            {failed.map((r) => (
              <ListItem key={r.id}><ListItemText primary={r.id} secondary={r.message} /></ListItem>
            ))}
          </List>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => { setResults(null); onDone(); }}>{t('enrollments.bulk.close')}</Button>
        </DialogActions>
      </Dialog>
      {cards && <CardsDialog devices={ids.map((registrationId) => ({ registrationId }))} onClose={() => setCards(false)} />}
      {labels && <LabelsDialog registrationIds={ids.slice(0, 500)} onClose={() => setLabels(false)} />}
    </Stack>
  );
}
