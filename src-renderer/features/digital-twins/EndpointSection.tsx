import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TwinsOverview } from '../../../src-shared/contract/channels/digital-twins.ts';
import { api } from '../../api/index.ts';
import { useTwinsAction } from './use-twins-action.ts';

/** Where ADT is for this profile: the sandbox's own, or an Azure instance URL the operator sets. */
export function EndpointSection({ overview, onSaved }: { overview: TwinsOverview; onSaved(): void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(overview.endpoint ?? '');
  const { busy, run } = useTwinsAction();
  if (overview.profileKind === 'sandbox') {
    return <Alert severity="info" sx={{ mb: 2 }}>{t('digital-twins.endpointSandbox', { url: overview.endpoint ?? '' })}</Alert>;
  }
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      {!overview.endpoint && <Alert severity="info">{t('digital-twins.endpointMissing')}</Alert>}
      <Stack direction="row" spacing={1} component="form" onSubmit={(e) => {
        e.preventDefault();
        void run(() => api.invoke('twins:setEndpoint', { url }), () => t('digital-twins.saved')).then(onSaved);
      }}>
        <TextField size="small" label={t('digital-twins.endpointUrl')} value={url} onChange={(e) => setUrl(e.target.value)} fullWidth />
        <Button type="submit" variant="outlined" disabled={busy}>
          {t('digital-twins.save')}
        </Button>
      </Stack>
    </Stack>
  );
}
