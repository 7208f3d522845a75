import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceIdentity } from '../../../src-shared/contract/channels/devices.ts';
import { api, toApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FactList } from '../../components/FactList.tsx';

type Keys = { primaryKey: string; secondaryKey: string; connectionString: string };

/** The identity with keys as fingerprints; enable/disable, regenerate, reveal (asked, recorded), delete (asked). */
export function IdentityPanel({ hubHost, identity, onChanged, onDeleted }: { hubHost: string; identity: DeviceIdentity; onChanged(): void; onDeleted(): void }) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [asking, setAsking] = useState<'reveal' | 'delete' | 'regenerate' | null>(null);
  const [keys, setKeys] = useState<Keys | null>(null);
  const ref = { hubHost, deviceId: identity.deviceId };
  const fail = (failure: unknown) => notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
  const act = (asked: typeof asking) => {
    setAsking(null);
    if (asked === 'reveal') api.invoke('devices:revealKeys', { ...ref, confirmed: true }).then(setKeys, fail);
    if (asked === 'regenerate') api.invoke('devices:regenerateKeys', { ...ref, which: 'both' }).then(() => { setKeys(null); onChanged(); }, fail);
    if (asked === 'delete') api.invoke('devices:delete', { ...ref, confirmed: true }).then(() => { notify({ message: t('devices.deleted', { deviceId: identity.deviceId }), severity: 'success' }); onDeleted(); }, fail);
  };
  const sas = identity.authType === 'sas';
  const facts = [
    { id: 'status', label: t('devices.columns.status'), value: t(`devices.status.${identity.status}`) },
    { id: 'connection', label: t('devices.columns.connectionState'), value: identity.connectionState ?? '—' },
    { id: 'auth', label: t('devices.authType'), value: t(`devices.auth.${identity.authType}`) },
    ...(sas
      ? [
          { id: 'primary-key', label: t('devices.primaryKey'), value: keys?.primaryKey ?? `•••••••• (${identity.primaryKeyFingerprint ?? '—'})` },
          { id: 'secondary-key', label: t('devices.secondaryKey'), value: keys?.secondaryKey ?? `•••••••• (${identity.secondaryKeyFingerprint ?? '—'})` },
        ]
      : [
          { id: 'primary-thumbprint', label: t('devices.primaryThumbprint'), value: identity.primaryThumbprint ?? '—' },
          { id: 'secondary-thumbprint', label: t('devices.secondaryThumbprint'), value: identity.secondaryThumbprint ?? '—' },
        ]),
    ...(keys ? [{ id: 'connection-string', label: t('devices.connectionString'), value: <Box component="code" sx={{ wordBreak: 'break-all' }}>{keys.connectionString}</Box> }] : []),
    { id: 'c2d', label: t('devices.pendingMessages'), value: String(identity.cloudToDeviceMessageCount ?? 0) },
  ];
  return (
    <Paper variant="outlined" sx={{ p: 3 }}>
      <FactList idPrefix="device-identity" facts={facts} />
      {keys && <Alert severity="warning" sx={{ mt: 2 }}>{t('devices.keysShown')}</Alert>}
      <Stack direction="row" spacing={1} sx={{ mt: 3 }}>
        <Button variant="outlined" onClick={() => api.invoke('devices:setStatus', { ...ref, status: identity.status === 'enabled' ? 'disabled' : 'enabled' }).then(onChanged, fail)}>
          {identity.status === 'enabled' ? t('devices.disable') : t('devices.enable')}
        </Button>
        {sas && (keys ? <Button onClick={() => setKeys(null)}>{t('devices.hideKeys')}</Button> : <Button variant="outlined" onClick={() => setAsking('reveal')}>{t('devices.revealKeys')}</Button>)}
        {sas && <Button variant="outlined" onClick={() => setAsking('regenerate')}>{t('devices.regenerateKeys')}</Button>}
        <Button variant="outlined" color="error" onClick={() => setAsking('delete')}>
          {t('devices.delete')}
        </Button>
      </Stack>
      <ConfirmDialog
        open={asking !== null}
        title={asking ? t(`devices.confirm.${asking}.title`, { deviceId: identity.deviceId }) : ''}
        text={asking ? t(`devices.confirm.${asking}.text`, { deviceId: identity.deviceId }) : ''}
        cancelLabel={t('devices.cancel')}
        confirmLabel={asking ? t(`devices.confirm.${asking}.confirm`) : ''}
        onCancel={() => setAsking(null)}
        onConfirm={() => act(asking)}
      />
    </Paper>
  );
}
