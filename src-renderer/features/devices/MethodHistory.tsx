import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../../src-shared/contract/channels/device-methods.ts';

/** Every method call made to this device from this console, newest first. */
export function MethodHistory({ calls }: { calls: MethodResult[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="subtitle1" component="h3">
        {t('devices.methodHistory')}
      </Typography>
      {calls.length === 0 ? (
        <Typography color="text.secondary">{t('devices.noCalls')}</Typography>
      ) : (
        <Table size="small" aria-label={t('devices.methodHistory')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('devices.when')}</TableCell>
              <TableCell>{t('devices.methodName')}</TableCell>
              <TableCell>{t('devices.result')}</TableCell>
              <TableCell>{t('devices.duration')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {calls.map((call) => (
              <TableRow key={call.id}>
                <TableCell>{new Date(call.at).toLocaleString(i18n.language)}</TableCell>
                <TableCell>{call.methodName}</TableCell>
                <TableCell>{call.outcome === 'ok' ? `${call.status ?? ''} ${call.response ?? ''}` : `${call.error?.code ?? ''}: ${call.error?.message ?? ''}`}</TableCell>
                <TableCell>{t('devices.ms', { ms: call.durationMs })}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Paper>
  );
}
