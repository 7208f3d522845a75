import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';

const valid = (name: string) => name.trim().length >= 1 && name.trim().length <= 100;

/** The station and operator names the main process stamps on every event it records. */
export function StationSection() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const { data } = useRequest('settings:get', {});
  const [station, setStation] = useState('');
  const [operator, setOperator] = useState('');
  useEffect(() => {
    if (!data) return;
    setStation(data.station);
    setOperator(data.operator);
  }, [data]);
  const save = () => {
    if (!valid(station) || !valid(operator)) return;
    api.invoke('settings:update', { station: station.trim(), operator: operator.trim() }).then(
      () => notify({ severity: 'success', message: t('settings.saved') }),
      (error: unknown) => notify({ severity: 'error', message: errorText(i18n, toApiError(error)) }),
    );
  };
  return (
    <>
      <Typography variant="h6" component="h2" id="settings-station">
        {t('settings.stationTitle')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('settings.stationHelp')}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} component="form" onSubmit={(event) => { event.preventDefault(); save(); }}>
        <TextField id="settings-station-name" label={t('settings.stationLabel')} value={station} onChange={(e) => setStation(e.target.value)} error={data !== undefined && !valid(station)} helperText={data !== undefined && !valid(station) ? t('settings.required') : ' '} sx={{ minWidth: 240 }} />
        <TextField id="settings-operator-name" label={t('settings.operatorLabel')} value={operator} onChange={(e) => setOperator(e.target.value)} error={data !== undefined && !valid(operator)} helperText={data !== undefined && !valid(operator) ? t('settings.required') : ' '} sx={{ minWidth: 240 }} />
        <Button type="submit" variant="outlined" disabled={!data || !valid(station) || !valid(operator)} sx={{ alignSelf: 'flex-start', mt: 1 }}>
          {t('settings.save')}
        </Button>
      </Stack>
    </>
  );
}
