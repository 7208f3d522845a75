import { useCallback, useEffect, useRef, useState } from 'react';
import type { MonitorEvent } from '../../../../src-shared/contract/channels/monitor.ts';
import { api, toApiError, useEvent, type ApiError } from '../../../api/index.ts';
import { RingBuffer } from './ring-buffer.ts';

export const MONITOR_CAPACITY = 10_000;
const KEEP_ALIVE_MS = 10_000;

export interface MonitorFilter {
  deviceIds: string[];
  query: string;
  /** 'now' shows new events only; 'recent' first replays what the hub still holds. */
  from: 'now' | 'recent';
}

export interface MonitorState {
  ring: RingBuffer<MonitorEvent>;
  /** Changes whenever the ring changed; a view re-reads it then (at most once a frame). */
  version: number;
  running: boolean;
  paused: boolean;
  /** Events that arrived while paused, waiting to be shown. */
  held: number;
  dropped: number;
  /** Events received since start or clear, paused or not (for the benchmark and the count). */
  received: number;
  matchedDevices: number | null;
  error: ApiError | undefined;
  stoppedReason: string | null;
  start(hubHost: string, filter: MonitorFilter): void;
  stop(): void;
  setPaused(paused: boolean): void;
  clear(): void;
}

/**
 * Runs one monitor in the main process while the view is open: batches land in a bounded ring;
 * while paused they wait (bounded too) and the view stands still; the view re-renders at most
 * once per animation frame however fast events come.
 */
export function useMonitor(): MonitorState {
  const ring = useRef(new RingBuffer<MonitorEvent>(MONITOR_CAPACITY));
  const pending = useRef(new RingBuffer<MonitorEvent>(MONITOR_CAPACITY));
  const monitorId = useRef<string | null>(null);
  const frame = useRef<number | null>(null);
  const [version, setVersion] = useState(0);
  const [running, setRunning] = useState(false);
  const [paused, setPausedState] = useState(false);
  const pausedRef = useRef(false);
  const [dropped, setDropped] = useState(0);
  const received = useRef(0);
  const [matchedDevices, setMatched] = useState<number | null>(null);
  const [error, setError] = useState<ApiError>();
  const [stoppedReason, setStoppedReason] = useState<string | null>(null);

  const redraw = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setVersion((v) => v + 1);
    });
  }, []);

  useEvent('monitor:events', (batch) => {
    if (batch.monitorId !== monitorId.current) return;
    (pausedRef.current ? pending.current : ring.current).push(batch.events);
    received.current += batch.events.length;
    if (batch.dropped > 0) setDropped((d) => d + batch.dropped);
    redraw();
  });
  useEvent('monitor:stopped', ({ monitorId: id, reason }) => {
    if (id !== monitorId.current) return;
    monitorId.current = null;
    setRunning(false);
    setStoppedReason(reason);
  });

  const stop = useCallback(() => {
    const id = monitorId.current;
    monitorId.current = null;
    setRunning(false);
    if (id) void api.invoke('monitor:stop', { monitorId: id }).catch(() => undefined);
  }, []);

  const start = useCallback(
    (hubHost: string, filter: MonitorFilter) => {
      stop();
      setError(undefined);
      setStoppedReason(null);
      api
        .invoke('monitor:start', { hubHost, from: filter.from, ...(filter.deviceIds.length ? { deviceIds: filter.deviceIds } : {}), ...(filter.query.trim() ? { query: filter.query.trim() } : {}) })
        .then(
          (started) => {
            monitorId.current = started.monitorId;
            setMatched(started.matchedDevices);
            setRunning(true);
          },
          (failure: unknown) => setError(toApiError(failure)),
        );
    },
    [stop],
  );

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      const id = monitorId.current;
      if (id) void api.invoke('monitor:keepAlive', { monitorId: id }).catch(() => undefined);
    }, KEEP_ALIVE_MS);
    return () => clearInterval(timer);
  }, [running]);

  useEffect(
    () => () => {
      stop();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [stop],
  );

  const setPaused = useCallback(
    (next: boolean) => {
      pausedRef.current = next;
      setPausedState(next);
      if (!next) {
        ring.current.push(pending.current.toArray());
        pending.current.clear();
        redraw();
      }
    },
    [redraw],
  );
  const clear = useCallback(() => {
    ring.current.clear();
    pending.current.clear();
    received.current = 0;
    setDropped(0);
    redraw();
  }, [redraw]);

  return { ring: ring.current, version, running, paused, held: pending.current.size, dropped, received: received.current, matchedDevices, error, stoppedReason, start, stop, setPaused, clear };
}
