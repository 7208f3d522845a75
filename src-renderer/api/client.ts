import type { ChannelName, EventName, EventOf, RequestOf, ResponseOf } from '../../src-shared/contract/index.ts';
import { WEB_SOCKET_PATH, type BenchBridge } from '../../src-shared/contract/wire.ts';
import { ApiError } from './api-error.ts';
import { createBridgeTransport } from './bridge-transport.ts';
import { createSocketTransport } from './socket-transport.ts';
import { takeTabSecret } from './tab-secret.ts';
import type { ConnectionStatus, Transport } from './transport.ts';

declare global {
  interface Window {
    /** Present only inside the Electron shell, put there by the preload. */
    benchBridge?: BenchBridge;
  }
}

/** The renderer's one door to the main process, typed by the contract. */
export interface ApiClient {
  /** Resolves with the channel's response or rejects with an ApiError carrying the contract's code. */
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Returns the function that unsubscribes. */
  subscribe<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  connection(): ConnectionStatus;
  onConnection(listener: (status: ConnectionStatus) => void): () => void;
  reconnect(): void;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    async invoke(channel, request) {
      const result = await transport.invoke(channel, request);
      if (!result.ok) throw new ApiError(result.error);
      return result.value as ResponseOf<typeof channel>;
    },
    subscribe(event, listener) {
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as EventOf<typeof event>);
      });
    },
    connection: () => transport.status(),
    onConnection: (listener) => transport.onStatus(listener),
    reconnect: () => transport.reconnect(),
  };
}

function webSocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WEB_SOCKET_PATH}`;
}

/**
 * Read when this module loads, before any hash route looks at the address: the redirect after
 * sign-in carries the web shell's tab secret in the fragment (see tab-secret.ts).
 */
const tabSecret = typeof window !== 'undefined' && !window.benchBridge ? takeTabSecret(window) : null;

let instance: ApiClient | undefined;

/** Electron's bridge when the preload put one there, otherwise the web shell's socket; opened on first use. */
function client(): ApiClient {
  instance ??= createApiClient(window.benchBridge ? createBridgeTransport(window.benchBridge) : createSocketTransport({ url: webSocketUrl(), sessionProbeUrl: `${location.origin}/`, tabSecret }));
  return instance;
}

export const api: ApiClient = {
  invoke: (channel, request) => client().invoke(channel, request),
  subscribe: (event, listener) => client().subscribe(event, listener),
  connection: () => client().connection(),
  onConnection: (listener) => client().onConnection(listener),
  reconnect: () => client().reconnect(),
};
