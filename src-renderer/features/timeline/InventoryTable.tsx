import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { InventoryRow } from '../../../src-shared/contract/channels/timeline.ts';
import { formatTime } from './format.ts';

/** Devices as a grid; a double-click (or Enter) on a row opens its timeline when `onOpen` is given. */
export function InventoryTable({ rows, label, onOpen }: { rows: InventoryRow[]; label: string; onOpen?: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const columns = useMemo<GridColDef<InventoryRow>[]>(
    () => [
      { field: 'registrationId', headerName: t('timeline.columns.registrationId'), flex: 1, minWidth: 150 },
      { field: 'deviceId', headerName: t('timeline.columns.deviceId'), flex: 1, minWidth: 130 },
      { field: 'serialNumber', headerName: t('timeline.columns.serialNumber'), minWidth: 120 },
      { field: 'customer', headerName: t('timeline.columns.customer'), minWidth: 120 },
      { field: 'hubHost', headerName: t('timeline.columns.hubHost'), flex: 1, minWidth: 160 },
      { field: 'status', headerName: t('timeline.columns.status'), minWidth: 110, valueFormatter: (value: InventoryRow['status']) => t(`timeline.status.${value}`) },
      { field: 'lastSeenAt', headerName: t('timeline.columns.lastSeen'), minWidth: 170, valueFormatter: (value: number) => formatTime(value, i18n.language) },
    ],
    [t, i18n.language],
  );
  return (
    <DataGrid
      aria-label={label}
      rows={rows}
      columns={columns}
      getRowId={(row) => row.registrationId ?? row.deviceId ?? ''}
      density="compact"
      autoHeight
      disableRowSelectionOnClick
      pageSizeOptions={[25, 100]}
      initialState={{ pagination: { paginationModel: { pageSize: 25 } } }}
      onRowDoubleClick={(params) => onOpen?.(params.row.registrationId ?? params.row.deviceId ?? '')}
      onCellKeyDown={(params, event) => {
        if (event.key === 'Enter') onOpen?.(params.row.registrationId ?? params.row.deviceId ?? '');
      }}
    />
  );
}
