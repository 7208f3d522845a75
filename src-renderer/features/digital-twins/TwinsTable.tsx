import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { TwinSummary } from '../../../src-shared/contract/channels/digital-twins.ts';

const shortModel = (dtmi: string) => dtmi.replace(/^dtmi:(?:[^:;]+:)*([^:;]+);.*$/, '$1');
const otherProperties = (twin: TwinSummary) =>
  Object.entries(twin.properties)
    .filter(([name]) => name !== 'Temperature')
    .map(([name, value]) => `${name}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ');

/** Twins as a table; Temperature has its own column because it moves live. */
export function TwinsTable({ twins, onDelete }: { twins: TwinSummary[]; onDelete(dtId: string): void }) {
  const { t, i18n } = useTranslation();
  if (twins.length === 0) return <Typography color="text.secondary">{t('digital-twins.twins.empty')}</Typography>;
  return (
    <Table size="small" aria-label={t('digital-twins.tabs.twins')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('digital-twins.twins.id')}</TableCell>
          <TableCell>{t('digital-twins.twins.model')}</TableCell>
          <TableCell align="right">{t('digital-twins.twins.temperature')}</TableCell>
          <TableCell>{t('digital-twins.twins.properties')}</TableCell>
          <TableCell>{t('digital-twins.twins.updated')}</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {twins.map((twin) => (
          <TableRow key={twin.dtId} data-testid={`twin-${twin.dtId}`}>
            <TableCell sx={{ fontFamily: 'monospace' }}>{twin.dtId}</TableCell>
            <TableCell title={twin.model}>{shortModel(twin.model)}</TableCell>
            <TableCell align="right" data-testid={`temperature-${twin.dtId}`}>
              {typeof twin.properties.Temperature === 'number' ? twin.properties.Temperature : ''}
            </TableCell>
            <TableCell>{otherProperties(twin)}</TableCell>
            <TableCell>{twin.updated.Temperature ? new Date(twin.updated.Temperature).toLocaleTimeString(i18n.language) : ''}</TableCell>
            <TableCell align="right">
              <Button size="small" color="error" onClick={() => onDelete(twin.dtId)} aria-label={`${t('digital-twins.twins.delete')} ${twin.dtId}`}>
                {t('digital-twins.twins.delete')}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
