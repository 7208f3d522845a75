import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { SandboxEndpointsSummary } from '../../../src-shared/contract/channels/sandbox.ts';
import { FactList } from '../../components/FactList.tsx';
import { CopyButton } from './CopyButton.tsx';

function Copyable({ value, label }: { value: string; label: string }) {
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', fontFamily: 'monospace', wordBreak: 'break-all' }}>
      {value}
      <CopyButton value={value} label={label} />
    </Box>
  );
}

/** Where devices and tools reach the sandbox. Hosts and paths only: keys never reach the renderer. */
export function EndpointsSection({ endpoints }: { endpoints: SandboxEndpointsSummary | null }) {
  const { t } = useTranslation();
  const facts = endpoints
    ? [
        { id: 'id-scope', label: t('sandbox.idScope'), value: <Copyable value={endpoints.idScope} label={t('sandbox.idScope')} /> },
        { id: 'provisioning-host', label: t('sandbox.provisioningHost'), value: <Copyable value={endpoints.provisioningHost} label={t('sandbox.provisioningHost')} /> },
        ...endpoints.hubHostNames.map((host, index) => ({
          id: `hub-${index + 1}`,
          label: t('sandbox.hubHost', { number: index + 1 }),
          value: <Copyable value={host} label={t('sandbox.hubHost', { number: index + 1 })} />,
        })),
        { id: 'ca-path', label: t('sandbox.caPath'), value: <Copyable value={endpoints.caCertificatePath} label={t('sandbox.caPath')} /> },
      ]
    : [];
  return (
    <Paper variant="outlined" component="section" aria-labelledby="sandbox-endpoints" sx={{ p: 3, mb: 3 }}>
      <Typography variant="h6" component="h2" id="sandbox-endpoints" sx={{ mb: 2 }}>
        {t('sandbox.endpoints')}
      </Typography>
      {endpoints ? <FactList idPrefix="sandbox" facts={facts} /> : <Typography color="text.secondary">{t('sandbox.noEndpoints')}</Typography>}
      <Alert severity="info" sx={{ mt: 2 }}>
        {t('sandbox.listenNote')}
      </Alert>
    </Paper>
  );
}
