import { useEffect, useRef, useState } from 'react';
import type { RequestOf, ResponseOf } from '../../../src-shared/contract/index.ts';
import type { EnrollmentKind } from '../../../src-shared/domain/enrollment.ts';
import { api, toApiError, useEvent, useReconnects, type ApiError } from '../../api/index.ts';

export type ListRequest = RequestOf<'enrollments:list'>;
export type ListResponse = ResponseOf<'enrollments:list'>;
export type TableQuery = Omit<ListRequest, 'kind'>;

/**
 * One page of a table from the main process's index. Asks again when the query changes, when the
 * index reports a page or a finished pass, and when the connection comes back; the rows on screen
 * stay until the next page arrives. Search is debounced so typing sends one request.
 */
export function useEnrollmentTable(kind: EnrollmentKind, query: TableQuery) {
  const [data, setData] = useState<ListResponse>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const [lastPass, setLastPass] = useState<{ removed: number; error: string | null } | null>(null);
  const reconnects = useReconnects();
  const [search, setSearch] = useState(query.search);
  useEffect(() => {
    const timer = setTimeout(() => setSearch(query.search), 200);
    return () => clearTimeout(timer);
  }, [query.search]);
  const effective = JSON.stringify({ kind, ...query, search });
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    api.invoke('enrollments:list', JSON.parse(effective) as ListRequest).then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (ticket !== latest.current) return;
        setError(toApiError(failure));
        setLoading(false);
      },
    );
  }, [effective, generation, reconnects]);

  useEvent('enrollments:index', (event) => {
    if (event.kind !== kind) return;
    if (event.state === 'complete' || event.error) setLastPass({ removed: event.removed, error: event.error });
    setGeneration((n) => n + 1);
  });

  const reload = () => setGeneration((n) => n + 1);
  const refresh = async () => {
    await api.invoke('enrollments:refresh', { kind });
    reload();
  };
  return { data, error, loading, reload, refresh, lastPass };
}
