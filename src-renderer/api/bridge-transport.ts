import type { BenchBridge } from '../../src-shared/contract/wire.ts';
import type { ConnectionStatus, Transport } from './transport.ts';

/** Electron's preload bridge: IPC is up as long as the window exists, so the state never changes. */
export function createBridgeTransport(bridge: BenchBridge): Transport {
  const connected: ConnectionStatus = { state: 'connected' };
  return {
    invoke: (channel, payload) => bridge.invoke(channel, payload),
    subscribe: (listener) => bridge.subscribe(listener),
    status: () => connected,
    onStatus: () => () => {},
    reconnect: () => {},
  };
}
