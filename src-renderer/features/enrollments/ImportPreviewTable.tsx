import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { jaJP } from '@mui/x-data-grid/locales';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../src-shared/contract/index.ts';

type Preview = ResponseOf<'enrollments:importPreview'>;
type Row = Preview['rows'][number];

/** The checked rows: every row with a problem (named per column), then the first of the good ones. */
export function ImportPreviewTable({ preview }: { preview: Preview }) {
  const { t, i18n } = useTranslation();
  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'row', headerName: t('enrollments.import.row'), width: 70, type: 'number' },
      { field: 'state', headerName: t('enrollments.import.state'), width: 140, valueGetter: (_v, row) => t(`enrollments.import.states.${row.state}`) },
      { field: 'registrationId', headerName: t('enrollments.columns.id'), flex: 1 },
      { field: 'serialNumber', headerName: t('enrollments.columns.serialNumber'), flex: 1 },
      { field: 'customer', headerName: t('enrollments.columns.customer'), flex: 1 },
      { field: 'model', headerName: t('enrollments.columns.model'), flex: 1 },
      { field: 'problems', headerName: t('enrollments.import.problems'), flex: 2, valueGetter: (_v, row) => row.problems.map((p) => `${p.column}: ${p.message}`).join('; ') },
    ],
    [t],
  );
  return (
    <>
      <Typography variant="body2" color="text.secondary">{t('enrollments.import.previewShown', { shown: preview.rows.length, total: preview.total })}</Typography>
      <div style={{ height: 360 }}>
        <DataGrid
          rows={preview.rows}
          columns={columns}
          getRowId={(row) => row.row}
          density="compact"
          disableRowSelectionOnClick
          localeText={i18n.language === 'ja' ? jaJP.components.MuiDataGrid.defaultProps.localeText : undefined}
          aria-label={t('enrollments.import.preview')}
        />
      </div>
    </>
  );
}
