import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { HubProvisioningPort } from '../hub/provisioning-port.ts';
import type { SandboxDatabase } from '../store/database.ts';
import { DPS_LIMITS, Throttle } from '../throttle.ts';
import { handleDeviceRequest, isDeviceRegistrationPath } from './device-http.ts';
import { createDeviceAmqp } from './device-amqp.ts';
import { createDeviceMqtt } from './device-mqtt.ts';
import { DpsError, DpsErrorCode, sendDpsError } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import { openDpsStore } from './dps-store.ts';
import { RegistrationService } from './registration.ts';
import { SANDBOX_STATS_PATH, dpsStatsHandler } from './sandbox-stats.ts';
import { handleServiceRequest, isServicePath } from './service-api.ts';
import { acceptWebSockets } from '../server/websocket-upgrade.ts';

export interface DpsOptions {
  db: SandboxDatabase;
  idScope: string;
  /** The DPS host name as clients address it (`127.0.0.1:PORT`): the `sr` of service tokens. */
  hostName: string;
  /** provisioningserviceowner keys (primary, secondary). */
  serviceKeys: string[];
  hubs: HubProvisioningPort[];
  throttle?: boolean;
  /** How long a custom allocation webhook may take before the registration fails. */
  webhookTimeoutMs?: number;
}

export interface Dps {
  store: DpsStore;
  /** Not listening: the protocol listener hands it the TLS sockets that speak HTTP. */
  http: http.Server;
  /** A TLS socket (or a WebSocket stream) whose first byte is an MQTT CONNECT. */
  handleMqtt(socket: Duplex): void;
  /** A TLS socket whose first bytes are the AMQP header, or a WebSocket (`AMQPWSB10`) stream. */
  handleAmqpSocket(socket: Duplex): void;
  close(): Promise<void>;
}

/** The DPS half of the sandbox: service REST and device registration (MQTT, AMQP, HTTPS; MQTT and AMQP also over WebSockets) on one host. */
export async function createDps(options: DpsOptions): Promise<Dps> {
  const store = openDpsStore(options.db);
  const throttle = new Throttle(options.throttle ?? false);
  const registrations = new RegistrationService({
    store,
    idScope: options.idScope,
    hubs: options.hubs,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    throttle,
  });
  const serviceContext = {
    store,
    credentials: { host: options.hostName, policyName: 'provisioningserviceowner', keys: options.serviceKeys },
    linkedHubs: () => options.hubs.map((hub) => hub.hostName),
    chargeOperation: () => {
      const wait = throttle.take('operations', DPS_LIMITS.serviceOperations);
      if (wait > 0) throw new DpsError(DpsErrorCode.throttled, 'Too many requests: the S1 quota is 1000 operations per minute.', { 'Retry-After': String(wait) });
    },
  };
  const stats = dpsStatsHandler(store, serviceContext.credentials);
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'https://dps.invalid');
        if (isServicePath(url.pathname)) await handleServiceRequest(serviceContext, req, res, url);
        else if (url.pathname === SANDBOX_STATS_PATH) stats(req, res);
        else if (isDeviceRegistrationPath(url.pathname)) await handleDeviceRequest(registrations, options.idScope, req, res, url);
        else throw new DpsError(DpsErrorCode.notFound, 'No such resource.');
      } catch (error) {
        const known = error instanceof DpsError ? error : new DpsError(DpsErrorCode.internal, 'Internal error.');
        if (!(error instanceof DpsError)) process.stderr.write(`dps: ${req.method} ${(req.url ?? '').split('?')[0]} failed: ${(error as Error)?.stack ?? String(error)}\n`);
        if (!res.headersSent) sendDpsError(res, known);
        else res.destroy();
      }
    })();
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const mqtt = await createDeviceMqtt({ store, idScope: options.idScope, registrations });
  const amqp = createDeviceAmqp({ store, idScope: options.idScope, registrations });
  // The provisioning SDK's MqttWs and AmqpWs.
  acceptWebSockets(server, { mqtt: mqtt.handle, AMQPWSB10: amqp.handle });
  return {
    store,
    http: server,
    handleMqtt: mqtt.handle,
    handleAmqpSocket: amqp.handle,
    close: async () => {
      amqp.close();
      await mqtt.close();
      server.closeAllConnections();
    },
  };
}
