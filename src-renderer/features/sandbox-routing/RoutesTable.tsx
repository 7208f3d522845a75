import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { SandboxHubEvents } from '../../../src-shared/contract/channels/sandbox-eventhub.ts';

/** A hub's routes as IoT Hub lists them: name, source, condition, endpoint, enabled. */
export function RoutesTable({ hub }: { hub: SandboxHubEvents }) {
  const { t } = useTranslation();
  if (hub.routes.length === 0) return <Typography color="text.secondary">{t('sandbox-routing.noRoutes')}</Typography>;
  return (
    <Table size="small" aria-label={t('sandbox-routing.routes')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('sandbox-routing.routeName')}</TableCell>
          <TableCell>{t('sandbox-routing.source')}</TableCell>
          <TableCell>{t('sandbox-routing.condition')}</TableCell>
          <TableCell>{t('sandbox-routing.routeEndpoint')}</TableCell>
          <TableCell>{t('sandbox-routing.enabled')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {hub.routes.map((route) => (
          <TableRow key={route.name}>
            <TableCell>{route.name}</TableCell>
            <TableCell>{route.source}</TableCell>
            <TableCell sx={{ fontFamily: 'monospace' }}>{route.condition}</TableCell>
            <TableCell>{route.endpointNames.join(', ')}</TableCell>
            <TableCell>{route.isEnabled ? t('sandbox-routing.yes') : t('sandbox-routing.no')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
