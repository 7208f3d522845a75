import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../api/index.ts';

/** Every call the sandbox (or the lab) made to the console's functions, newest first, with timing. */
export function FunctionCalls() {
  const { t, i18n } = useTranslation();
  const calls = useRequest('twins:functionCalls', { limit: 50 }, { intervalMs: 2_000 });
  const list = calls.data ?? [];
  return (
    <>
      <Typography variant="h6" component="h2">
        {t('digital-twins.functions.calls')}
      </Typography>
      {list.length === 0 ? (
        <Typography color="text.secondary">{t('digital-twins.functions.noCalls')}</Typography>
      ) : (
        <Table size="small" aria-label={t('digital-twins.functions.calls')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('digital-twins.functions.at')}</TableCell>
              <TableCell>{t('digital-twins.functions.fn')}</TableCell>
              <TableCell>{t('digital-twins.functions.device')}</TableCell>
              <TableCell align="right">{t('digital-twins.functions.ms')}</TableCell>
              <TableCell>{t('digital-twins.functions.outcome')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.map((call, i) => (
              <TableRow key={`${call.at}-${i}`} data-testid="function-call">
                <TableCell>{new Date(call.at).toLocaleTimeString(i18n.language)}</TableCell>
                <TableCell>{call.module === 'custom' ? t('digital-twins.functions.customCall', { fn: call.fn }) : call.fn}</TableCell>
                <TableCell>{call.deviceId}</TableCell>
                <TableCell align="right">{call.ms}</TableCell>
                <TableCell sx={{ color: call.ok ? 'success.main' : 'error.main' }}>{[call.status, call.dtId, call.reason].filter((x) => x !== undefined && x !== '').join(' · ')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
