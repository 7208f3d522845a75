import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../../../src-shared/contract/channels/timeline.ts';
import { useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { FactList } from '../../components/FactList.tsx';
import { formatDuration, formatTime } from './format.ts';

/** Words for an event's detail: the reason of a failure, the step of a push, never a key. */
function detailSummary(event: TimelineEvent): string {
  const keep = Object.entries(event.detail).filter(([, value]) => value !== null && typeof value !== 'object');
  return keep.map(([key, value]) => `${key}: ${String(value as string)}`).join(' · ');
}

/** One device's story: search by registration id or device id, then its steps in order. */
export function DeviceTimelineTab({ initialId, onOpen }: { initialId?: string; onOpen?: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState(initialId ?? '');
  const [id, setId] = useState(initialId ?? '');
  const request = useRequest('timeline:device', { id }, { skip: !id });
  const open = (event: FormEvent) => {
    event.preventDefault();
    setId(draft.trim());
    onOpen?.(draft.trim());
  };
  const view = id ? request.data : undefined;
  return (
    <Stack spacing={2}>
      <Box component="form" onSubmit={open} sx={{ display: 'flex', gap: 1 }}>
        <TextField label={t('timeline.device.search')} value={draft} onChange={(e) => setDraft(e.target.value)} size="small" sx={{ minWidth: 320 }} inputProps={{ maxLength: 260 }} />
        <Button type="submit" variant="contained" disabled={!draft.trim()}>
          {t('timeline.device.open')}
        </Button>
      </Box>
      {request.error && id && <Alert severity="error">{errorText(i18n, request.error)}</Alert>}
      {view && !view.device && view.events.length === 0 && <Alert severity="info">{t('timeline.device.none', { id })}</Alert>}
      {view?.device && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <FactList
            idPrefix="device"
            facts={[
              { id: 'status', label: t('timeline.columns.status'), value: <Chip size="small" label={t(`timeline.status.${view.device.status}`)} color={view.device.status === 'failed' ? 'error' : view.device.status === 'provisioned' ? 'success' : 'default'} /> },
              ...(view.device.failureReason ? [{ id: 'reason', label: t('timeline.columns.failureReason'), value: view.device.failureReason }] : []),
              { id: 'hub', label: t('timeline.columns.hubHost'), value: view.device.hubHost ?? '–' },
              { id: 'serial', label: t('timeline.columns.serialNumber'), value: view.device.serialNumber ?? '–' },
              { id: 'customer', label: t('timeline.columns.customer'), value: view.device.customer ?? '–' },
              { id: 'enrollment', label: t('timeline.device.enrollment'), value: view.links.enrollment ? `${t(`timeline.device.${view.links.enrollment.kind}`)}: ${view.links.enrollment.id}` : '–' },
              { id: 'twin', label: t('timeline.device.twin'), value: view.links.twin ? `${view.links.twin.hubHost} / ${view.links.twin.deviceId}` : '–' },
              { id: 'serialPush', label: t('timeline.device.serialPush'), value: view.links.serialPush ? `#${view.links.serialPush.eventId} · ${formatTime(view.links.serialPush.at, i18n.language)}${view.links.serialPush.step ? ` · ${view.links.serialPush.step}` : ''}` : '–' },
            ]}
          />
        </Paper>
      )}
      {view && view.events.length > 0 && (
        <Paper variant="outlined">
          <Typography variant="subtitle1" component="h2" sx={{ px: 2, pt: 1.5 }}>
            {t('timeline.device.events', { count: view.events.length })}
          </Typography>
          <Table size="small" aria-label={t('timeline.device.events', { count: view.events.length })} data-testid="device-events">
            <TableHead>
              <TableRow>
                <TableCell>{t('timeline.columns.time')}</TableCell>
                <TableCell>{t('timeline.columns.after')}</TableCell>
                <TableCell>{t('timeline.columns.kind')}</TableCell>
                <TableCell>{t('timeline.columns.source')}</TableCell>
                <TableCell>{t('timeline.columns.detail')}</TableCell>
                <TableCell>{t('timeline.columns.operator')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {view.events.map((event) => (
                <TableRow key={event.id} data-kind={event.kind}>
                  <TableCell>{formatTime(event.at, i18n.language)}</TableCell>
                  <TableCell>{event.sincePreviousMs === null ? '–' : `+${formatDuration(event.sincePreviousMs)}`}</TableCell>
                  <TableCell>
                    <Chip size="small" variant="outlined" color={event.outcome === 'failed' ? 'error' : 'default'} label={t(`timeline.kinds.${event.kind}`, { defaultValue: event.kind })} />
                  </TableCell>
                  <TableCell>{event.source}</TableCell>
                  <TableCell sx={{ wordBreak: 'break-word' }}>{[event.hubHost, detailSummary(event)].filter(Boolean).join(' · ')}</TableCell>
                  <TableCell>{`${event.operator}@${event.station}`}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
