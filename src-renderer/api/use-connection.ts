import { useSyncExternalStore } from 'react';
import { api } from './client.ts';
import type { ConnectionStatus } from './transport.ts';

/** The live connection state, re-rendering when it changes. */
export function useConnection(): ConnectionStatus {
  return useSyncExternalStore(api.onConnection, api.connection);
}
