import http from 'node:http';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import type { SandboxDatabase } from '../store/database.ts';
import { loadPolicies } from './access-policies.ts';
import type { ConnectionView } from './device-json.ts';
import { NEVER } from './device-json.ts';
import { DeviceRegistry } from './device-registry.ts';
import { DeviceStore } from './device-store.ts';
import type { HubProvisioningPort } from './provisioning-port.ts';
import { registryRoutes } from './registry-routes.ts';
import { createServiceHandler } from './service-router.ts';

export interface HubOptions {
  db: SandboxDatabase;
  /** Key of this hub's rows in the shared database. */
  name: string;
  /** What devices and service clients use as HostName, e.g. 127.0.0.1:18883. */
  hostName: string;
  /** iothubowner primary key (base64); the other policies get generated keys, persisted. */
  ownerKey: string;
  /** Latency setting for DPS lowest-latency allocation. */
  latencyMs?: number;
  /** Emulate the published S1 quotas with 429 + Retry-After. */
  throttle?: boolean;
}

export interface Hub {
  provisioning: HubProvisioningPort;
  /** Not listening: the protocol listener hands it sockets with emit('connection'). */
  http: http.Server;
  handleMqtt(socket: tls.TLSSocket): void;
  close(): Promise<void>;
}

/** One sandbox IoT Hub: service REST, device MQTT and the sandbox-only API over one database. */
export async function createHub(options: HubOptions): Promise<Hub> {
  const store = new DeviceStore(options.db, options.name);
  const registry = new DeviceRegistry(store);
  const policies = loadPolicies(store, options.ownerKey);
  const connectionOf = (_deviceId: string): ConnectionView => ({ state: 'Disconnected', updatedTime: NEVER, lastActivityTime: null });

  const handler = createServiceHandler({
    routes: [...registryRoutes(registry, connectionOf)],
    policies,
    hostName: options.hostName,
  });
  const server = http.createServer({ keepAliveTimeout: 60_000 }, handler);
  server.on('clientError', (_error, socket) => socket.destroy());
  // The server never listens, so it does not track its connections: close() must find them here.
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  server.on('connection', track);

  const provisioning: HubProvisioningPort = {
    hostName: options.hostName,
    latencyMs: options.latencyMs ?? 0,
    provisionDevice: (identity) => registry.provision(identity),
    hasDevice: (deviceId) => store.has(deviceId),
  };

  return {
    provisioning,
    http: server,
    handleMqtt: (socket) => socket.destroy(),
    close: async () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}
