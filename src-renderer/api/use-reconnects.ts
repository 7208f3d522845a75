import { useEffect, useRef, useState } from 'react';
import { useConnection } from './use-connection.ts';

/**
 * Counts the times the connection came back after being down, for effects that must ask again
 * then. The first connect does not count: requests made while connecting wait for it anyway.
 */
export function useReconnects(): number {
  const { state } = useConnection();
  const [count, setCount] = useState(0);
  const wasDown = useRef(false);
  useEffect(() => {
    if (state === 'disconnected' || state === 'refused') wasDown.current = true;
    else if (state === 'connected' && wasDown.current) {
      wasDown.current = false;
      setCount((n) => n + 1);
    }
  }, [state]);
  return count;
}
