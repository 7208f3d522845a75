import { useEffect, useRef } from 'react';
import type { EventName, EventOf } from '../../src-shared/contract/index.ts';
import { api } from './client.ts';

/** Calls the latest `listener` for every `event` while the component is mounted. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.subscribe(event, (payload) => latest.current(payload)), [event]);
}
