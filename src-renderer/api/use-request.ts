import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelName, RequestOf, ResponseOf } from '../../src-shared/contract/index.ts';
import { toApiError, type ApiError } from './api-error.ts';
import { api } from './client.ts';
import { useReconnects } from './use-reconnects.ts';

export interface RequestState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Asks again now; the previous data stays visible meanwhile. */
  reload(): void;
}

export interface RequestOptions {
  /** Ask again every so many ms while mounted (e.g. a health ping). */
  intervalMs?: number;
  /** Do not ask at all (e.g. until a prerequisite is known). */
  skip?: boolean;
}

/**
 * Asks `channel` when mounted, when the request changes and when the connection comes back, so a
 * page shows fresh data after the main process restarts without the user doing anything.
 */
export function useRequest<C extends ChannelName>(channel: C, request: RequestOf<C>, options: RequestOptions = {}): RequestState<ResponseOf<C>> {
  const [data, setData] = useState<ResponseOf<C>>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(!options.skip);
  const [generation, setGeneration] = useState(0);
  const reconnects = useReconnects();
  const requestKey = JSON.stringify(request);
  const latestRequest = useRef(request);
  latestRequest.current = request;

  useEffect(() => {
    if (options.skip) return;
    let live = true;
    const ask = () => {
      setLoading(true);
      api.invoke(channel, latestRequest.current).then(
        (value) => {
          if (!live) return;
          setData(value);
          setError(undefined);
          setLoading(false);
        },
        (failure: unknown) => {
          if (!live) return;
          setError(toApiError(failure));
          setLoading(false);
        },
      );
    };
    ask();
    const timer = options.intervalMs ? setInterval(ask, options.intervalMs) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [channel, requestKey, options.intervalMs, options.skip, reconnects, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading, reload };
}
