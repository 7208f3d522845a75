import { useEffect, useState } from 'react';
import { api, toApiError, useReconnects, type ApiError } from '../../api/index.ts';

export interface PingSample {
  roundTripMs: number;
  uptimeMs: number;
  /** Local time of the answer, epoch ms. */
  answeredAt: number;
}

/**
 * Pings the main process through the contract every `intervalMs` and at once when the connection
 * comes back. The round trip is timed here, not from the reply's clocks, so clock skew cannot lie.
 */
export function usePing(intervalMs: number): { sample: PingSample | undefined; error: ApiError | undefined } {
  const [sample, setSample] = useState<PingSample>();
  const [error, setError] = useState<ApiError>();
  const reconnects = useReconnects();

  useEffect(() => {
    let live = true;
    const ping = async () => {
      const started = performance.now();
      try {
        const reply = await api.invoke('app:ping', { sentAt: Date.now() });
        if (!live) return;
        setSample({ roundTripMs: performance.now() - started, uptimeMs: reply.uptimeMs, answeredAt: Date.now() });
        setError(undefined);
      } catch (failure) {
        if (live) setError(toApiError(failure));
      }
    };
    void ping();
    const timer = setInterval(() => void ping(), intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [intervalMs, reconnects]);

  return { sample, error };
}
