import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistrationState } from '../../../src-shared/domain/enrollment.ts';
import { api, toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { CardsDialog } from './CardsDialog.tsx';

/** A group's registered devices (page by page) and a device's derived key: its fingerprint, or on explicit reveal the key, or a card. */
export function GroupDevicesPanel({ groupId, symmetric }: { groupId: string; symmetric: boolean }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [items, setItems] = useState<RegistrationState[]>([]);
  const [continuation, setContinuation] = useState<string | null>(null);
  const [registrationId, setRegistrationId] = useState('');
  const [derived, setDerived] = useState<{ fingerprint: string; key: string | null } | null>(null);
  const [card, setCard] = useState(false);
  const load = (from: string | null) =>
    api.invoke('enrollments:groupRegistrations', { groupId, continuation: from }).then(
      (page) => {
        setItems((previous) => (from ? [...previous, ...page.items] : page.items));
        setContinuation(page.continuation);
      },
      (failure: unknown) => notify({ message: toApiError(failure).message, severity: 'error' }),
    );
  useEffect(() => {
    void load(null); // once per group
  }, [groupId]);
  const derive = (reveal: boolean) =>
    api.invoke('enrollments:deriveKey', { groupId, registrationId: registrationId.trim(), reveal }).then(setDerived, (failure: unknown) => notify({ message: toApiError(failure).message, severity: 'error' }));
  return (
    <Stack spacing={1}>
      <Typography variant="subtitle2">{t('enrollments.details.groupRegistrations')}</Typography>
      <Table size="small" aria-label={t('enrollments.details.groupRegistrations')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('enrollments.columns.id')}</TableCell>
            <TableCell>{t('enrollments.details.regStatus')}</TableCell>
            <TableCell>{t('enrollments.details.assignedHub')}</TableCell>
            <TableCell>{t('enrollments.details.lastUpdated')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((r) => (
            <TableRow key={r.registrationId}>
              <TableCell>{r.registrationId}</TableCell>
              <TableCell>{r.status}{r.errorCode ? ` (${r.errorCode})` : ''}</TableCell>
              <TableCell>{r.assignedHub}</TableCell>
              <TableCell>{r.updatedAt}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {continuation && <Button size="small" onClick={() => void load(continuation)} sx={{ alignSelf: 'flex-start' }}>{t('enrollments.details.more')}</Button>}
      {symmetric && (
        <>
          <Typography variant="subtitle2">{t('enrollments.details.derive')}</Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <TextField size="small" label={t('enrollments.details.deriveId')} value={registrationId} onChange={(e) => { setRegistrationId(e.target.value); setDerived(null); }} />
            <Button size="small" disabled={!registrationId.trim()} onClick={() => void derive(false)}>{t('enrollments.details.deriveShow')}</Button>
            <Button size="small" disabled={!registrationId.trim()} onClick={() => void derive(true)}>{t('enrollments.details.deriveReveal')}</Button>
            <Button size="small" disabled={!registrationId.trim()} onClick={() => setCard(true)}>{t('enrollments.cards.action')}</Button>
          </Stack>
          {derived && <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="derived-key">{derived.key ?? derived.fingerprint}</Typography>}
        </>
      )}
      {card && <CardsDialog devices={[{ registrationId: registrationId.trim(), groupId }]} onClose={() => setCard(false)} />}
    </Stack>
  );
}
