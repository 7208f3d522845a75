import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef, type GridRowSelectionModel } from '@mui/x-data-grid';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DevicePage, DeviceRow } from '../../../src-shared/contract/channels/devices.ts';

export interface DeviceTableProps {
  rows: DeviceRow[];
  records: DevicePage['records'];
  hasMore: boolean;
  loading: boolean;
  onOpen(deviceId: string): void;
  onLoadMore(): void;
  /** The device ids ticked for bulk work (every loaded row when the model excludes some). */
  onSelect(deviceIds: string[]): void;
}

/** The query's devices (virtualized), with a button for the hub's next page; projections as JSON. */
export function DeviceTable({ rows, records, hasMore, loading, onOpen, onLoadMore, onSelect }: DeviceTableProps) {
  const { t, i18n } = useTranslation();
  const columns = useMemo<GridColDef<DeviceRow>[]>(
    () => [
      { field: 'deviceId', headerName: t('devices.columns.deviceId'), flex: 1, minWidth: 180 },
      {
        field: 'connectionState',
        headerName: t('devices.columns.connectionState'),
        width: 150,
        renderCell: ({ value }) => (value ? <Chip size="small" label={t(`devices.connection.${value === 'Connected' ? 'connected' : 'disconnected'}`)} color={value === 'Connected' ? 'success' : 'default'} /> : null),
      },
      { field: 'status', headerName: t('devices.columns.status'), width: 110, valueFormatter: (value: string | null) => (value ? t(`devices.status.${value}`, { defaultValue: value }) : '') },
      {
        field: 'lastActivityTime',
        headerName: t('devices.columns.lastActivity'),
        width: 190,
        valueFormatter: (value: string | null) => (value && !value.startsWith('0001') ? new Date(value).toLocaleString(i18n.language) : t('devices.never')),
      },
      { field: 'authenticationType', headerName: t('devices.columns.auth'), width: 150 },
      { field: 'tags', headerName: t('devices.columns.tags'), flex: 1, minWidth: 200, sortable: false, valueFormatter: (value: DeviceRow['tags']) => (value ? JSON.stringify(value) : '') },
    ],
    [t, i18n.language],
  );
  return (
    <Box component="section" aria-label={t('devices.results')}>
      {records.length > 0 && (
        <Box component="pre" sx={{ p: 2, bgcolor: 'action.hover', borderRadius: 1, overflow: 'auto', maxHeight: 300 }} data-testid="device-records">
          {records.map((record) => JSON.stringify(record)).join('\n')}
        </Box>
      )}
      <Box sx={{ height: 480 }}>
        <DataGrid
          rows={rows}
          columns={columns}
          getRowId={(row) => row.deviceId}
          loading={loading}
          hideFooter
          density="compact"
          disableRowSelectionOnClick
          checkboxSelection
          onRowSelectionModelChange={(model: GridRowSelectionModel) =>
            onSelect(model.type === 'include' ? [...model.ids].map(String) : rows.map((r) => r.deviceId).filter((id) => !model.ids.has(id)))
          }
          onRowClick={(params) => onOpen(String(params.id))}
          aria-label={t('devices.table')}
          localeText={{ noRowsLabel: t('devices.noDevices') }}
        />
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 1 }}>
        <Typography color="text.secondary" data-testid="device-count">
          {t('devices.shown', { count: rows.length })}
        </Typography>
        {hasMore && (
          <Button onClick={onLoadMore} disabled={loading}>
            {t('devices.loadMore')}
          </Button>
        )}
      </Box>
    </Box>
  );
}
