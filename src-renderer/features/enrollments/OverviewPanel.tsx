import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../src-shared/contract/index.ts';
import { api, toApiError, type RequestState } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { FactList } from '../../components/FactList.tsx';

/** Id scope, endpoints, linked hubs, and the operations counter priced at the operator's price per 1,000. */
export function OverviewPanel({ overview }: { overview: RequestState<ResponseOf<'enrollments:overview'>> }) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const { data, error, reload } = overview;
  const [price, setPrice] = useState('');
  useEffect(() => {
    if (data) setPrice(String(data.pricePer1000));
  }, [data]);
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (!data) return null;
  const money = (n: number) => n.toLocaleString(i18n.language, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
  const count = (n: number) => n.toLocaleString(i18n.language);
  const savePrice = async () => {
    try {
      await api.invoke('enrollments:setPrice', { pricePer1000: Number(price) });
      reload();
    } catch (failure) {
      notify({ message: toApiError(failure).details[0]?.message ?? toApiError(failure).message, severity: 'error' });
    }
  };
  const facts = [
    { id: 'idScope', label: t('enrollments.overview.idScope'), value: data.idScope },
    { id: 'service', label: t('enrollments.overview.serviceEndpoint'), value: data.serviceEndpoint },
    { id: 'global', label: t('enrollments.overview.globalEndpoint'), value: data.globalDeviceEndpoint },
    ...data.linkedHubs.map((hub, i) => ({ id: `hub${i}`, label: t('enrollments.overview.linkedHubs'), value: `${hub.host} · ${t('enrollments.overview.weight', { weight: hub.allocationWeight })}` })),
    { id: 'opsToday', label: `${t('enrollments.overview.operations')} · ${t('enrollments.overview.today')}`, value: count(data.operations.today) },
    { id: 'opsMonth', label: `${t('enrollments.overview.operations')} · ${t('enrollments.overview.month')}`, value: count(data.operations.month) },
    { id: 'opsTotal', label: `${t('enrollments.overview.operations')} · ${t('enrollments.overview.total')}`, value: count(data.operations.total) },
    ...(data.operations.registrations !== null ? [{ id: 'registrations', label: t('enrollments.overview.registrations'), value: count(data.operations.registrations) }] : []),
  ];
  return (
    <Stack spacing={2}>
      <FactList idPrefix="dps-overview" facts={facts} />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TextField size="small" type="number" label={t('enrollments.overview.price')} value={price} onChange={(e) => setPrice(e.target.value)} slotProps={{ htmlInput: { min: 0, step: 0.001 } }} />
        <Button onClick={() => void savePrice()}>{t('enrollments.overview.savePrice')}</Button>
      </Stack>
      <Typography data-testid="dps-overview-cost">
        {t('enrollments.overview.cost', { today: money(data.estimatedCost.today), month: money(data.estimatedCost.month), total: money(data.estimatedCost.total) })}
      </Typography>
      <Typography variant="body2" color="text.secondary">{t('enrollments.overview.costNote')}</Typography>
    </Stack>
  );
}
