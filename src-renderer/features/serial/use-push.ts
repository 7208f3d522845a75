import { useCallback, useRef, useState } from 'react';
import type { SerialPushReport } from '../../../src-shared/contract/channels/serial.ts';
import { api, toApiError, useEvent, type ApiError } from '../../api/index.ts';
import type { StepStates } from './StepProgress.tsx';

export interface PushInput {
  path: string;
  baudRate: number;
  groupId: string;
  register: boolean;
  registrationId?: string;
  registrationPrefix?: string;
  expectedSerial?: string;
}

/** One push at a time from this page: its live steps, its report, or the request's own error. */
export function usePush() {
  const [steps, setSteps] = useState<StepStates>({});
  const [report, setReport] = useState<SerialPushReport>();
  const [error, setError] = useState<ApiError>();
  const [running, setRunning] = useState(false);
  const pushId = useRef<string | null>(null);
  const listening = useRef(false);
  useEvent('serial:step', (update) => {
    if (!listening.current) return;
    if (pushId.current === null) pushId.current = update.pushId;
    if (update.pushId !== pushId.current) return;
    setSteps((previous) => ({ ...previous, [update.step]: update }));
  });
  const start = useCallback(async (input: PushInput) => {
    setSteps({});
    setReport(undefined);
    setError(undefined);
    setRunning(true);
    pushId.current = null;
    listening.current = true;
    try {
      setReport(await api.invoke('serial:push', input as never));
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      listening.current = false;
      setRunning(false);
    }
  }, []);
  const cancel = useCallback(() => {
    if (pushId.current) void api.invoke('serial:cancel', { pushId: pushId.current });
  }, []);
  return { steps, report, error, running, start, cancel };
}
