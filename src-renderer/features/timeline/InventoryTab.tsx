import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { InventoryTable } from './InventoryTable.tsx';
import { RetentionSetting } from './RetentionSetting.tsx';
import { useTimelineExport } from './use-timeline.ts';

/** Search devices by serial number, customer, registration id or device id; export the inventory and the log. */
export function InventoryTab({ onOpen }: { onOpen(id: string): void }) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const { data, error } = useRequest('timeline:inventory', deferred ? { query: deferred } : {});
  const exportFile = useTimelineExport();
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          size="small"
          type="search"
          label={t('timeline.inventory.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          sx={{ minWidth: 340, flexGrow: 1 }}
          inputProps={{ maxLength: 200 }}
        />
        <Button variant="outlined" onClick={() => void exportFile('inventory', 'csv')}>
          {t('timeline.inventory.exportCsv')}
        </Button>
        <Button variant="outlined" onClick={() => void exportFile('events', 'jsonl')}>
          {t('timeline.inventory.exportEventsJsonl')}
        </Button>
        <Button variant="outlined" onClick={() => void exportFile('events', 'csv')}>
          {t('timeline.inventory.exportEventsCsv')}
        </Button>
      </Box>
      {error && <Alert severity="error">{errorText(i18n, error)}</Alert>}
      {data && (
        <>
          <Typography color="text.secondary" data-testid="inventory-total">
            {t('timeline.inventory.total', { shown: data.rows.length, total: data.total })}
          </Typography>
          <InventoryTable rows={data.rows} label={t('timeline.tabs.inventory')} onOpen={onOpen} />
        </>
      )}
      <RetentionSetting />
    </Stack>
  );
}
