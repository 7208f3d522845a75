import type { Result } from '../../src-shared/contract/result.ts';

/**
 * Where the connection to the main process stands. 'refused' means the main process turned this
 * page away for good (e.g. a stale session); retrying would not help, reloading with a new link would.
 */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'refused';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Technical detail of why the connection is not up (a close code, the server's message); not translated. */
  reason?: string;
  /** When refused: 'session' = this window's session is no longer valid (e.g. the web shell restarted); 'server' = the main process said so. */
  refusal?: 'session' | 'server';
  /** When the next reconnect attempt is due (epoch ms), while disconnected. */
  retryAt?: number;
}

export type EventListener = (event: string, payload: unknown) => void;

/** One way of carrying the contract to the main process: Electron's bridge or the web shell's socket. */
export interface Transport {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  subscribe(listener: EventListener): () => void;
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Try again now instead of waiting for the next backoff step. */
  reconnect(): void;
}
