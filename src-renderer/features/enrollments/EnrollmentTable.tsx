import AddIcon from '@mui/icons-material/Add';
import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DataGrid, getGridStringOperators, type GridColDef, type GridFilterModel, type GridRowSelectionModel, type GridSortModel } from '@mui/x-data-grid';
import { jaJP } from '@mui/x-data-grid/locales';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FILTER_FIELDS, SORT_FIELDS } from '../../../src-shared/contract/channels/enrollments.ts';
import type { EnrollmentKind, IndexRow } from '../../../src-shared/domain/enrollment.ts';
import { PAGE_SEARCH_PROPS } from '../../app/shortcuts/page-search.ts';
import { BulkActions } from './BulkActions.tsx';
import { freshnessText } from './freshness-text.ts';
import { useEnrollmentTable, type TableQuery } from './use-enrollment-table.ts';

const COLUMNS: Record<EnrollmentKind, (keyof IndexRow)[]> = {
  individual: ['id', 'deviceId', 'status', 'attestation', 'allocationPolicy', 'hub', 'registrationStatus', 'serialNumber', 'customer', 'model', 'createdAt', 'updatedAt'],
  group: ['id', 'status', 'attestation', 'allocationPolicy', 'hub', 'createdAt', 'updatedAt'],
};
/** The index filters on equality; the grid offers just that. */
const EQUALS_ONLY = getGridStringOperators().filter((op) => op.value === 'equals');
const HIDDEN_AT_FIRST = { createdAt: false, model: false } as const;

interface Props {
  kind: EnrollmentKind;
  onOpen(id: string): void;
  onCreate(): void;
  /** Bumped by the page after a save or delete so the table asks again. */
  version: number;
}

/** The index of one kind as a DataGrid: paged, sorted and filtered in the main process; selection survives paging. */
export function EnrollmentTable({ kind, onOpen, onCreate, version }: Props) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [pagination, setPagination] = useState({ page: 0, pageSize: 50 });
  const [sortModel, setSortModel] = useState<GridSortModel>([]);
  const [filterModel, setFilterModel] = useState<GridFilterModel>({ items: [] });
  const [selection, setSelection] = useState<GridRowSelectionModel>({ type: 'include', ids: new Set() });
  const query = useMemo<TableQuery>(() => {
    const sort = sortModel[0];
    const filters: Record<string, string> = {};
    for (const item of filterModel.items) {
      if ((FILTER_FIELDS as readonly string[]).includes(item.field) && typeof item.value === 'string' && item.value) filters[item.field] = item.value;
    }
    return {
      search,
      offset: pagination.page * pagination.pageSize,
      limit: pagination.pageSize,
      filters,
      ...(sort && (SORT_FIELDS as readonly string[]).includes(sort.field) ? { sort: { field: sort.field as (typeof SORT_FIELDS)[number], direction: sort.sort === 'desc' ? 'desc' : 'asc' } } : {}),
    } as TableQuery;
  }, [search, pagination, sortModel, filterModel]);
  const { data, error, loading, refresh, reload, lastPass } = useEnrollmentTable(kind, query);
  useEffect(() => {
    if (version) reload();
    // Only a change the page made (a save, a delete) asks again here.
  }, [version]);
  const columns = useMemo<GridColDef<IndexRow>[]>(
    () =>
      COLUMNS[kind].map((field) => ({
        field,
        headerName: t(`enrollments.columns.${field === 'id' && kind === 'group' ? 'groupId' : field}`),
        flex: field === 'id' ? 1.4 : 1,
        minWidth: 110,
        filterable: (FILTER_FIELDS as readonly string[]).includes(field),
        sortable: (SORT_FIELDS as readonly string[]).includes(field),
        filterOperators: EQUALS_ONLY,
      })),
    [kind, t],
  );
  const ids = [...selection.ids].map(String);
  const localeText = i18n.language === 'ja' ? jaJP.components.MuiDataGrid.defaultProps.localeText : undefined;

  return (
    <Box>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ mb: 1, alignItems: { md: 'center' } }}>
        <TextField
          size="small"
          label={t('enrollments.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPagination((p) => ({ ...p, page: 0 }));
          }}
          sx={{ minWidth: 320 }}
          slotProps={{ htmlInput: { ...PAGE_SEARCH_PROPS, 'data-testid': `enrollments-search-${kind}` } }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }} data-testid={`enrollments-freshness-${kind}`}>
          {data ? freshnessText(t, i18n.language, data.freshness, data.total) : ''}
        </Typography>
        <Button startIcon={<RefreshIcon />} onClick={() => void refresh()} disabled={data?.freshness.filling}>
          {t('enrollments.refresh')}
        </Button>
        <Button startIcon={<AddIcon />} variant="contained" onClick={onCreate} data-testid={`enrollments-create-${kind}`}>
          {t('enrollments.create')}
        </Button>
      </Stack>
      {error && <Alert severity="error" sx={{ mb: 1 }}>{t('enrollments.failed', { message: error.message })}</Alert>}
      {lastPass?.error && <Alert severity="warning" sx={{ mb: 1 }}>{t('enrollments.indexFailed', { message: lastPass.error })}</Alert>}
      {lastPass && lastPass.removed > 0 && <Alert severity="info" sx={{ mb: 1 }}>{t('enrollments.removedOutside', { count: lastPass.removed })}</Alert>}
      {ids.length > 0 && (
        <BulkActions
          kind={kind}
          ids={ids}
          onDone={() => {
            setSelection({ type: 'include', ids: new Set() });
            reload();
          }}
        />
      )}
      <Box sx={{ height: 560 }}>
        <DataGrid
          rows={data?.rows ?? []}
          columns={columns}
          getRowId={(row) => row.id}
          rowCount={data?.total ?? 0}
          loading={loading && !data}
          paginationMode="server"
          sortingMode="server"
          filterMode="server"
          paginationModel={pagination}
          onPaginationModelChange={setPagination}
          pageSizeOptions={[25, 50, 100]}
          sortModel={sortModel}
          onSortModelChange={setSortModel}
          filterModel={filterModel}
          onFilterModelChange={(model) => {
            setFilterModel(model);
            setPagination((p) => ({ ...p, page: 0 }));
          }}
          checkboxSelection
          keepNonExistentRowsSelected
          disableRowSelectionOnClick
          rowSelectionModel={selection}
          onRowSelectionModelChange={setSelection}
          onRowClick={(params) => onOpen(String(params.id))}
          initialState={{ columns: { columnVisibilityModel: HIDDEN_AT_FIRST } }}
          showToolbar
          localeText={localeText}
          density="compact"
          aria-label={t(`enrollments.tabs.${kind}`)}
        />
      </Box>
    </Box>
  );
}
