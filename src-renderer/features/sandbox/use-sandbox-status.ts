import { useEffect, useState } from 'react';
import type { SandboxStatus } from '../../../src-shared/contract/channels/sandbox.ts';
import { useEvent, useRequest, type ApiError } from '../../api/index.ts';

export interface SandboxStatusState {
  status: SandboxStatus | undefined;
  error: ApiError | undefined;
  /** Replaces the shown status with one a restart or reset answered. */
  setStatus(status: SandboxStatus): void;
}

/** The sandbox's status: asked once, then kept current by the 'sandbox:status' event. */
export function useSandboxStatus(): SandboxStatusState {
  const request = useRequest('sandbox:status', {});
  const [pushed, setPushed] = useState<SandboxStatus>();
  useEvent('sandbox:status', setPushed);
  useEffect(() => {
    if (request.data) setPushed(request.data);
  }, [request.data]);
  return { status: pushed ?? request.data, error: request.error, setStatus: setPushed };
}

/** Milliseconds since `startedAt`, ticking once a second while it is set. */
export function useUptime(startedAt: number | null | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt == null) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [startedAt]);
  return startedAt == null ? null : Math.max(0, now - startedAt);
}
