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

/**
 * One push at a time from this page. The request answers with the push id at once; steps and the
 * final report arrive as events, possibly before that answer, so they are kept by id until then.
 */
export function usePush() {
  const [steps, setSteps] = useState<StepStates>({});
  const [report, setReport] = useState<SerialPushReport>();
  const [error, setError] = useState<ApiError>();
  const [running, setRunning] = useState(false);
  const current = useRef<string | null>(null);
  const early = useRef(new Map<string, { steps: StepStates; report?: SerialPushReport }>());
  const finish = useCallback((value: SerialPushReport) => {
    setReport(value);
    setRunning(false);
  }, []);
  useEvent('serial:step', (update) => {
    if (update.pushId === current.current) setSteps((previous) => ({ ...previous, [update.step]: update }));
    else {
      const kept = early.current.get(update.pushId) ?? { steps: {} };
      early.current.set(update.pushId, { ...kept, steps: { ...kept.steps, [update.step]: update } });
    }
  });
  useEvent('serial:result', (value) => {
    if (value.pushId === current.current) finish(value);
    else early.current.set(value.pushId, { steps: early.current.get(value.pushId)?.steps ?? {}, report: value });
  });
  const start = useCallback(
    async (input: PushInput) => {
      setSteps({});
      setReport(undefined);
      setError(undefined);
      setRunning(true);
      current.current = null;
      try {
        const { pushId } = await api.invoke('serial:push', input as never);
        current.current = pushId;
        const kept = early.current.get(pushId);
        early.current.clear();
        if (kept) setSteps(kept.steps);
        if (kept?.report) finish(kept.report);
      } catch (failure) {
        setError(toApiError(failure));
        setRunning(false);
      }
    },
    [finish],
  );
  const cancel = useCallback(() => {
    if (current.current) void api.invoke('serial:cancel', { pushId: current.current });
  }, []);
  return { steps, report, error, running, start, cancel };
}
