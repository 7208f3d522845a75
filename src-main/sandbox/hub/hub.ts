import http from 'node:http';
import type { X509Certificate } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { SandboxDatabase } from '../store/database.ts';
import type { Permission } from './access-policies.ts';
import { POLICY_PERMISSIONS, loadPolicies } from './access-policies.ts';
import { CloudToDeviceQueue } from './c2d-queue.ts';
import { authenticateDevice } from './device-auth.ts';
import { createDeviceHttp } from './device-http.ts';
import { createDeviceMqtt, pushDesired } from './device-mqtt.ts';
import { DeviceRegistry } from './device-registry.ts';
import { DeviceSessions } from './device-sessions.ts';
import { DeviceStore } from './device-store.ts';
import { EventRing } from './hub-events.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { jobRoutes } from './jobs/job-routes.ts';
import { JobStore } from './jobs/job-store.ts';
import { invokeMethod, methodRoutes } from './method-routes.ts';
import { compileQuery, executeQuery } from './query/query-executor.ts';
import { queryRoutes } from './query/query-routes.ts';
import type { HubProvisioningPort } from './provisioning-port.ts';
import { registryBulkRoutes } from './registry-bulk-routes.ts';
import { registryRoutes } from './registry-routes.ts';
import type { HubCounters } from './sandbox-api.ts';
import { sandboxRoutes } from './sandbox-api.ts';
import { QuotaMeter } from './quotas.ts';
import { createServiceHandler } from './service-router.ts';
import { createHubAmqp } from '../amqp/hub-amqp.ts';
import type { HubAmqp } from '../amqp/hub-amqp.ts';
import { eventHubSandboxRoutes } from '../amqp/eventhub-sandbox-routes.ts';
import { FeedbackStore } from '../amqp/feedback-store.ts';
import { serviceLinks } from '../amqp/service-links.ts';
import { deviceLinks } from '../amqp/device-links.ts';
import { acceptWebSockets } from '../server/websocket-upgrade.ts';

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
  /**
   * The CA certificates this hub treats as verified: a `certificateAuthority` device connects
   * when its client chain leads to one. The sandbox passes its DPS's X.509 group signing
   * certificates (read at each CONNECT, so a new group counts at once); default none.
   */
  trustedDeviceCas?: () => X509Certificate[];
}

export interface HubAccessPolicy {
  keyName: string;
  primaryKey: string;
  secondaryKey: string;
  rights: Permission[];
}

export interface Hub {
  provisioning: HubProvisioningPort;
  /** iothubowner, service, device, registryRead, registryReadWrite with their keys (for connection strings). */
  accessPolicies: HubAccessPolicy[];
  /** Not listening: the protocol listener hands it sockets with emit('connection'); also serves `/$iothub/websocket`. */
  http: http.Server;
  /** A TLS socket (or a WebSocket stream) whose first byte is an MQTT CONNECT. */
  handleMqtt(socket: Duplex): void;
  /** Serves AMQP 1.0 on a decrypted stream: a TLS socket whose first bytes are `AMQP`, or a WebSocket (`AMQPWSB10`) stream. */
  handleAmqpSocket(socket: Duplex): void;
  /** The Event Hub-compatible endpoint, events and consumer groups (`amqp/hub-amqp.ts`). */
  amqp: HubAmqp;
  close(): Promise<void>;
}

/** One sandbox IoT Hub: service REST, device MQTT and the sandbox-only API over one database. */
export async function createHub(options: HubOptions): Promise<Hub> {
  const store = new DeviceStore(options.db, options.name);
  const registry = new DeviceRegistry(store);
  const policies = loadPolicies(store, options.ownerKey);
  const events = new EventRing();
  const c2d = new CloudToDeviceQueue(options.db, options.name);
  const sessions = new DeviceSessions(store, events, c2d);
  const counters: HubCounters = { messagesReceived: 0, cloudToDeviceSent: 0 };
  const quotas = new QuotaMeter(options.throttle === true);
  const feedback = new FeedbackStore(options.db, options.name);
  // The `iothub-connection-auth-method` system property of the device's messages.
  const authMethodOf = (deviceId: string) => JSON.stringify({ scope: 'device', type: store.get(deviceId)?.authentication.type ?? 'sas', issuer: 'iothub', acceptingIpFilterRule: null });
  const amqp = createHubAmqp({
    db: options.db,
    hubName: options.name,
    hostName: options.hostName,
    policies,
    deviceKeys: (deviceId) => {
      const auth = store.get(deviceId)?.authentication;
      return auth?.type === 'sas' ? [auth.primaryKey, auth.secondaryKey] : [];
    },
    twin: (deviceId) => {
      const record = store.get(deviceId);
      return record ? { tags: record.tags, properties: { desired: record.desired, reported: record.reported } } : undefined;
    },
    handlers: [
      deviceLinks({
        registry,
        sessions,
        provenByCertificate: (deviceId, socket) =>
          authenticateDevice({ hostName: options.hostName, registry, policies, trustedDeviceCas: options.trustedDeviceCas ?? (() => []) }, deviceId, socket as TLSSocket, undefined) === null,
        deviceMessage: (deviceId, payload, properties) => {
          counters.messagesReceived++;
          return amqp.deviceMessage(deviceId, payload, properties, authMethodOf(deviceId));
        },
      }),
      serviceLinks({
        registry,
        sessions,
        feedback,
        onSent: () => {
          counters.cloudToDeviceSent++;
        },
      }),
    ],
  });
  events.subscribe((event) => {
    if (event.type !== 'telemetry') amqp.hubEvent(event);
  });

  registry.onChange((change) => {
    const time = new Date().toISOString();
    if (change.kind === 'twinChanged') {
      events.push({ type: 'twinChanged', deviceId: change.deviceId, time, section: change.section, version: change.version, patch: change.patch });
      if (change.section === 'desired') pushDesired(sessions, change.deviceId, { ...change.patch, $version: change.version });
      return;
    }
    events.push({ type: change.kind, deviceId: change.deviceId, time });
    if (change.kind === 'deviceDeleted' || change.status === 'disabled') sessions.evict(change.deviceId, change.kind === 'deviceDeleted');
  });

  const broker = await createDeviceMqtt({
    hostName: options.hostName,
    registry,
    sessions,
    events,
    policies,
    charge: (quota) => quotas.charge(quota),
    onTelemetry: (deviceId, payload, properties) => {
      counters.messagesReceived++;
      return amqp.deviceMessage(deviceId, payload, properties, authMethodOf(deviceId));
    },
    trustedDeviceCas: options.trustedDeviceCas ?? (() => []),
  });

  const jobStore = new JobStore(options.db, options.name);
  const jobs = new JobRunner(jobStore, {
    matchingDeviceIds: (condition) => {
      const query = compileQuery(`SELECT deviceId FROM devices WHERE ${condition}`);
      const ids: string[] = [];
      let continuation: string | undefined;
      do {
        const page = executeQuery(store, (id) => sessions.view(id), query, 1000, continuation, sessions);
        for (const item of page.items) ids.push((item as { deviceId: string }).deviceId);
        continuation = page.continuation ?? undefined;
      } while (continuation);
      return ids;
    },
    updateTwin: (deviceId, patch) => {
      registry.patchTwin(deviceId, { tags: patch.tags, properties: patch.properties }, '*');
    },
    invokeMethod: (deviceId, call) => invokeMethod(registry, sessions, deviceId, call),
  });
  jobs.resume();

  const handler = createServiceHandler({
    routes: [
      ...queryRoutes(store, (id) => sessions.view(id), sessions, jobStore),
      ...registryRoutes(registry, (id) => sessions.view(id)),
      ...registryBulkRoutes(registry),
      ...methodRoutes(registry, sessions),
      ...jobRoutes(jobStore, jobs),
      ...sandboxRoutes(registry, sessions, events, counters),
      ...eventHubSandboxRoutes(amqp, options.name),
    ],
    policies,
    hostName: options.hostName,
    charge: (quota) => quotas.charge(quota),
  });
  const deviceHttp = createDeviceHttp({
    hostName: options.hostName,
    registry,
    policies,
    trustedDeviceCas: options.trustedDeviceCas ?? (() => []),
    sessions,
    events,
    c2d,
    charge: (quota) => quotas.charge(quota),
    onTelemetry: (deviceId, payload, properties) => {
      counters.messagesReceived++;
      return amqp.deviceMessage(deviceId, payload, properties, authMethodOf(deviceId));
    },
  });
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => (deviceHttp.matches(req) ? deviceHttp.handle(req, res) : handler(req, res)));
  server.on('clientError', (_error, socket) => socket.destroy());
  // The server never listens, so it does not track its connections: close() must find them here.
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  const handleMqtt = (socket: Duplex) => {
    track(socket);
    broker.handle(socket);
  };
  // MQTT and AMQP over WebSockets on the HTTPS side, as MqttWs/AmqpWs dial it.
  const handleAmqpSocket = (socket: Duplex) => {
    track(socket);
    amqp.endpoint.handleAmqpSocket(socket);
  };
  acceptWebSockets(server, { mqtt: handleMqtt, AMQPWSB10: handleAmqpSocket });

  const provisioning: HubProvisioningPort = {
    hostName: options.hostName,
    latencyMs: options.latencyMs ?? 0,
    provisionDevice: (identity) => registry.provision(identity),
    hasDevice: (deviceId) => store.has(deviceId),
    readTwinForMigration: (deviceId) => registry.twinForMigration(deviceId),
    removeDevice: (deviceId) => registry.deprovision(deviceId),
  };

  return {
    provisioning,
    accessPolicies: [...policies].map(([keyName, keys]) => ({ keyName, ...keys, rights: POLICY_PERMISSIONS[keyName] ?? [] })),
    http: server,
    handleMqtt,
    handleAmqpSocket,
    amqp,
    close: async () => {
      amqp.close();
      sessions.close();
      c2d.close();
      await jobs.close();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
    },
  };
}
