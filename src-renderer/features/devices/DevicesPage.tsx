import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../app/i18n/error-text.ts';
import { navigate, parseHash, useHash } from '../../app/routing/hash-route.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BulkBar } from './BulkBar.tsx';
import { CreateDeviceDialog } from './CreateDeviceDialog.tsx';
import { DeviceDetails } from './DeviceDetails.tsx';
import { DeviceTable } from './DeviceTable.tsx';
import { HubPicker } from './HubPicker.tsx';
import { QueryBuilder } from './QueryBuilder.tsx';
import { MonitorView } from './monitor/MonitorView.tsx';
import { useDeviceQuery } from './use-device-query.ts';
import { useHubs } from './use-hubs.ts';

/** #/devices/<hub>/~monitor: '~' is not allowed in a device id, so it cannot clash with one. */
const MONITOR_ROUTE = '~monitor';

/** Devices of the active profile's hubs: query, list, and one device's identity, twin and methods (#/devices/<hub>/<id>). */
export default function DevicesPage() {
  const { t, i18n } = useTranslation();
  const route = parseHash(useHash());
  const [routeHub, deviceId] = route?.rest ?? [];
  const { hubs, hubHost, error: hubsError } = useHubs(routeHub);
  const query = useDeviceQuery(hubHost);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [lastQuery, setLastQuery] = useState('SELECT * FROM devices');
  const { run } = query;

  const listShown = hubHost !== undefined && deviceId === undefined;
  useEffect(() => {
    if (listShown) run('SELECT * FROM devices');
  }, [listShown, run]);

  const actions = (
    <Stack direction="row" spacing={1} alignItems="center">
      <HubPicker hubs={hubs} value={hubHost} onChange={(hub) => navigate('devices', hub)} />
      <Button variant={deviceId === MONITOR_ROUTE ? 'contained' : 'outlined'} disabled={!hubHost} onClick={() => hubHost && navigate('devices', hubHost, deviceId === MONITOR_ROUTE ? '' : MONITOR_ROUTE)}>
        {t('devices.monitor.title')}
      </Button>
      <Button variant="contained" startIcon={<AddIcon />} disabled={!hubHost} onClick={() => setCreating(true)}>
        {t('devices.create')}
      </Button>
    </Stack>
  );

  return (
    <>
      <PageHeader title={t('areas.devices.title')} actions={actions} />
      {hubsError && <Alert severity="error" sx={{ mb: 2 }}>{errorText(i18n, hubsError)}</Alert>}
      {!hubsError && hubs.length === 0 && <Alert severity="info" sx={{ mb: 2 }}>{t('devices.noHubs')}</Alert>}
      {hubHost && deviceId === MONITOR_ROUTE ? (
        <MonitorView hubHost={hubHost} />
      ) : hubHost && deviceId ? (
        <DeviceDetails hubHost={hubHost} deviceId={deviceId} onClose={() => navigate('devices', hubHost)} />
      ) : (
        <>
          <QueryBuilder
            running={query.loading}
            onRun={(text) => {
              setLastQuery(text);
              query.run(text);
            }}
          />
          {hubHost && <BulkBar hubHost={hubHost} selected={selected} query={lastQuery} />}
          {query.error && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {errorText(i18n, query.error)}
            </Alert>
          )}
          <DeviceTable rows={query.rows} records={query.records} hasMore={query.hasMore} loading={query.loading} onOpen={(id) => hubHost && navigate('devices', hubHost, id)} onLoadMore={query.loadMore} onSelect={setSelected} />
        </>
      )}
      {hubHost && (
        <CreateDeviceDialog
          open={creating}
          hubHost={hubHost}
          onClose={(createdId) => {
            setCreating(false);
            if (createdId) navigate('devices', hubHost, createdId);
          }}
        />
      )}
    </>
  );
}
