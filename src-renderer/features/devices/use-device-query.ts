import { useCallback, useRef, useState } from 'react';
import type { DevicePage, DeviceRow } from '../../../src-shared/contract/channels/devices.ts';
import { api, toApiError, type ApiError } from '../../api/index.ts';

export interface DeviceQueryState {
  rows: DeviceRow[];
  records: DevicePage['records'];
  hasMore: boolean;
  loading: boolean;
  error: ApiError | undefined;
  /** Runs `query` from its first page. */
  run(query: string): void;
  /** Fetches the next page with the continuation token the hub gave. */
  loadMore(): void;
}

export const PAGE_SIZE = 100;

/** A device query paged with the hub's continuation tokens; rows accumulate as pages load. */
export function useDeviceQuery(hubHost: string | undefined): DeviceQueryState {
  const [rows, setRows] = useState<DeviceRow[]>([]);
  const [records, setRecords] = useState<DevicePage['records']>([]);
  const [token, setToken] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();
  const current = useRef({ query: '', generation: 0 });

  const fetchPage = useCallback(
    (query: string, continuationToken: string | null, append: boolean) => {
      if (!hubHost) return;
      const generation = append ? current.current.generation : current.current.generation + 1;
      current.current = { query, generation };
      setLoading(true);
      setError(undefined);
      api
        .invoke('devices:query', { hubHost, query, pageSize: PAGE_SIZE, ...(continuationToken ? { continuationToken } : {}) })
        .then(
          (page) => {
            if (current.current.generation !== generation) return;
            setRows((before) => (append ? [...before, ...page.items] : page.items));
            setRecords((before) => (append ? [...before, ...page.records] : page.records));
            setToken(page.continuationToken);
          },
          (failure: unknown) => {
            if (current.current.generation !== generation) return;
            setError(toApiError(failure));
            if (!append) {
              setRows([]);
              setRecords([]);
              setToken(null);
            }
          },
        )
        .finally(() => {
          if (current.current.generation === generation) setLoading(false);
        });
    },
    [hubHost],
  );

  const run = useCallback((query: string) => fetchPage(query, null, false), [fetchPage]);
  const loadMore = useCallback(() => {
    if (token) fetchPage(current.current.query, token, true);
  }, [fetchPage, token]);
  return { rows, records, hasMore: token !== null, loading, error, run, loadMore };
}
