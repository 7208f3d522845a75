import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulatedDevice } from '../../../src-shared/contract/channels/simulator.ts';

/** Every device of the fleet with its state; a row (click or Enter) opens its log. */
export function DevicesTable({ devices, onOpen }: { devices: SimulatedDevice[]; onOpen(id: string): void }) {
  const { t } = useTranslation();
  const columns = useMemo<GridColDef<SimulatedDevice>[]>(
    () => [
      { field: 'id', headerName: t('simulator.devices.id'), flex: 1, minWidth: 140 },
      { field: 'state', headerName: t('simulator.devices.state'), width: 130, valueFormatter: (value: string) => t(`simulator.states.${value}`) },
      { field: 'hubHost', headerName: t('simulator.devices.hub'), flex: 1, minWidth: 140 },
      { field: 'messages', headerName: t('simulator.devices.messages'), type: 'number', width: 110 },
      { field: 'errors', headerName: t('simulator.devices.errors'), type: 'number', width: 90 },
      { field: 'lastError', headerName: t('simulator.devices.lastError'), flex: 2, minWidth: 200 },
    ],
    [t],
  );
  return (
    <Paper variant="outlined" component="section" aria-labelledby="simulator-devices" sx={{ p: 2, mb: 3 }}>
      <Typography variant="h6" component="h2" id="simulator-devices" sx={{ mb: 1 }}>
        {t('simulator.devices.title')}
      </Typography>
      <div style={{ height: 420 }}>
        <DataGrid
          rows={devices}
          columns={columns}
          density="compact"
          disableRowSelectionOnClick
          onRowClick={(params) => onOpen(String(params.id))}
          onCellKeyDown={(params, event) => {
            if (event.key === 'Enter') onOpen(String(params.id));
          }}
          initialState={{ sorting: { sortModel: [{ field: 'id', sort: 'asc' }] } }}
          localeText={{ noRowsLabel: t('simulator.devices.none') }}
        />
      </div>
    </Paper>
  );
}
