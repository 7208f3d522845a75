import EditIcon from '@mui/icons-material/Edit';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desiredAcks } from './desired-acks.ts';
import { TwinEditDialog } from './TwinEditDialog.tsx';
import { TwinTree } from './TwinTree.tsx';

const ACK_COLOR = { acknowledged: 'success', pending: 'warning', differs: 'error' } as const;

/** Tags, desired and reported as trees or raw JSON, each desired property's acknowledgement, and the editor. */
export function TwinPanel({ hubHost, deviceId, twin, onChanged }: { hubHost: string; deviceId: string; twin: Record<string, unknown>; onChanged(): void }) {
  const { t } = useTranslation();
  const [raw, setRaw] = useState(false);
  const [editing, setEditing] = useState(false);
  const properties = (twin.properties ?? {}) as { desired?: unknown; reported?: unknown };
  const sections = [
    { id: 'tags', value: twin.tags ?? {} },
    { id: 'desired', value: properties.desired ?? {} },
    { id: 'reported', value: properties.reported ?? {} },
  ];
  const acks = desiredAcks(twin);
  return (
    <>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
        <FormControlLabel control={<Switch checked={raw} onChange={(e) => setRaw(e.target.checked)} />} label={t('devices.rawJson')} />
        <Box sx={{ flexGrow: 1 }} />
        <Typography color="text.secondary">{t('devices.etag', { etag: String(twin.etag ?? '') })}</Typography>
        <Button variant="contained" startIcon={<EditIcon />} onClick={() => setEditing(true)}>
          {t('devices.editTwin')}
        </Button>
      </Box>
      {raw ? (
        <Paper variant="outlined" component="pre" aria-label={t('devices.rawJson')} sx={{ p: 2, overflow: 'auto', maxHeight: 520, fontSize: 13 }}>
          {JSON.stringify(twin, null, 2)}
        </Paper>
      ) : (
        <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 1fr 1fr' }, gap: 2 }}>
          {sections.map((section) => (
            <Paper key={section.id} variant="outlined" sx={{ p: 2, overflow: 'auto' }}>
              <Typography variant="subtitle1" component="h3" gutterBottom>
                {t(`devices.sections.${section.id}`)}
              </Typography>
              <TwinTree value={section.value} label={t(`devices.sections.${section.id}`)} />
            </Paper>
          ))}
        </Box>
      )}
      <Paper variant="outlined" sx={{ p: 2, mt: 2 }}>
        <Typography variant="subtitle1" component="h3">
          {t('devices.acks')}
        </Typography>
        {acks.length === 0 ? (
          <Typography color="text.secondary">{t('devices.noDesired')}</Typography>
        ) : (
          <Table size="small" aria-label={t('devices.acks')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('devices.property')}</TableCell>
                <TableCell>{t('devices.sections.desired')}</TableCell>
                <TableCell>{t('devices.sections.reported')}</TableCell>
                <TableCell>{t('devices.reportedVersion')}</TableCell>
                <TableCell>{t('devices.ackState')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {acks.map((ack) => (
                <TableRow key={ack.name} data-testid={`desired-ack-${ack.name}`}>
                  <TableCell>{ack.name}</TableCell>
                  <TableCell>{JSON.stringify(ack.desired)}</TableCell>
                  <TableCell>{ack.reported === undefined ? '—' : JSON.stringify(ack.reported)}</TableCell>
                  <TableCell>{ack.reportedVersion ?? '—'}</TableCell>
                  <TableCell>
                    <Chip size="small" color={ACK_COLOR[ack.state]} label={t(`devices.ack.${ack.state}`)} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Paper>
      {editing && (
        <TwinEditDialog
          hubHost={hubHost}
          deviceId={deviceId}
          twin={twin}
          onClose={(saved) => {
            setEditing(false);
            if (saved) onChanged();
          }}
        />
      )}
    </>
  );
}
