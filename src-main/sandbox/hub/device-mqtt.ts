import { Aedes } from 'aedes';
import type { AuthenticateError, Client as MqttClient } from 'aedes';
import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { PolicyKeys } from './access-policies.ts';
import { authenticateDevice as authenticateDeviceCredential } from './device-auth.ts';
import type { DeviceRegistry } from './device-registry.ts';
import type { DeviceSessions } from './device-sessions.ts';
import type { EventRing } from './hub-events.ts';
import type { MessageProperties } from './property-bag.ts';
import { parsePropertyBag, topicParameters } from './property-bag.ts';
import { HubServiceError } from './service-error.ts';

export interface DeviceMqttOptions {
  hostName: string;
  registry: DeviceRegistry;
  sessions: DeviceSessions;
  events: EventRing;
  policies: Map<string, PolicyKeys>;
  /** Throws a 429 HubServiceError when the named quota is exhausted (throttle emulation). */
  charge: (quota: string) => void;
  /**
   * One device→cloud message. A returned promise holds the PUBACK until it settles (the message
   * is stored for Event Hubs readers); a rejection drops the connection without acknowledging.
   */
  onTelemetry: (deviceId: string, payload: Buffer, properties: MessageProperties) => Promise<void> | void;
  /** The verified CAs a `certificateAuthority` device's client chain must lead to (read at each CONNECT). */
  trustedDeviceCas: () => X509Certificate[];
}

const NOT_AUTHORIZED = 5;
/** The service's largest device-to-cloud message. */
const MAX_MESSAGE_BYTES = 256 * 1024;

function refuse(message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: NOT_AUTHORIZED }) as AuthenticateError;
}

/** The device id a connection authenticated as; aedes' client id is the same string. */
const deviceIdOf = (client: MqttClient | null) => client?.id ?? '';

/**
 * The hub's device endpoint over MQTT (azure-wire.md §4): SAS or X.509 CONNECT, each device
 * confined to its own topics, and server→device messages sent to that one connection only.
 */
export async function createDeviceMqtt(options: DeviceMqttOptions): Promise<Aedes> {
  const { registry, sessions, events } = options;

  const authenticateDevice = (client: MqttClient, username: string | undefined, password: Buffer | undefined): string | null => {
    const deviceId = client.id;
    if (!deviceId || deviceId.includes('/')) return 'Modules are not supported by the sandbox; connect as a device.';
    const parts = (username ?? '').split('/');
    if (parts.length < 3 || parts[1] !== deviceId) return 'The username must be <hostName>/<deviceId>/?api-version=….';
    return authenticateDeviceCredential(options, deviceId, client.conn as TLSSocket, password?.toString('utf8'));
  };

  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      let reason: string | null;
      try {
        options.charge('deviceConnect');
        reason = authenticateDevice(client, username, password);
      } catch (error) {
        reason = error instanceof HubServiceError ? error.message : 'Authentication failed.';
        if (error instanceof HubServiceError && error.status === 429) return done(Object.assign(new Error(reason), { returnCode: 3 }) as AuthenticateError, false);
      }
      if (reason) done(refuse(reason), false);
      else done(null, true);
    },
    authorizeSubscribe: (client, subscription, done) => {
      const deviceId = deviceIdOf(client);
      const topic = subscription.topic;
      const feature =
        topic === '$iothub/twin/res/#' ? 'twin'
        : topic === '$iothub/methods/POST/#' ? 'methods'
        : topic === '$iothub/twin/PATCH/properties/desired/#' ? 'desired'
        : topic === `devices/${deviceId}/messages/devicebound/#` ? 'c2d'
        : null;
      // null grants 0x80 (failure) for this topic without dropping the connection.
      if (!feature) return done(null, null);
      done(null, subscription);
      sessions.subscribed(deviceId, feature);
      if (feature === 'c2d') setImmediate(() => sessions.flushC2d(deviceId));
    },
    authorizePublish: (client, packet, done) => {
      if (!client) return done(null);
      const deviceId = deviceIdOf(client);
      try {
        const stored = handleDevicePublish(deviceId, client, packet.topic, packet.payload as Buffer);
        if (stored) stored.then(() => done(null), (error: unknown) => done(error instanceof Error ? error : new Error('not stored')));
        else done(null);
      } catch (error) {
        done(error instanceof Error ? error : new Error('refused'));
      }
    },
    // Server→device packets are published to one client; anything naming another device is dropped.
    authorizeForward: (client, packet) => {
      const topic = packet.topic;
      if (topic.startsWith('devices/') && !topic.startsWith(`devices/${client.id}/`)) return null;
      return packet;
    },
  });

  broker.on('clientReady', (client) => sessions.connected(client.id, client, client.clean));
  broker.on('clientDisconnect', (client) => sessions.disconnected(client.id, client));
  broker.on('clientError', () => {});
  broker.on('connectionError', () => {});

  function handleDevicePublish(deviceId: string, client: MqttClient, topic: string, payload: Buffer): Promise<void> | void {
    sessions.touch(deviceId);
    const eventsPrefix = `devices/${deviceId}/messages/events/`;
    if (topic.startsWith(eventsPrefix) || topic === `devices/${deviceId}/messages/events`) {
      if (payload.length > MAX_MESSAGE_BYTES) throw new Error('The message is larger than 256 KB.');
      options.charge('telemetry');
      const bag = parsePropertyBag(topic.slice(eventsPrefix.length));
      const stored = options.onTelemetry(deviceId, payload, bag);
      const text = payload.toString('utf8');
      const utf8 = Buffer.byteLength(text, 'utf8') === payload.length && !text.includes('\ufffd');
      events.push({
        type: 'telemetry',
        deviceId,
        enqueuedTime: new Date().toISOString(),
        body: utf8 ? text : payload.toString('base64'),
        bodyEncoding: utf8 ? 'utf8' : 'base64',
        systemProperties: bag.system,
        properties: bag.application,
      });
      return stored;
    }
    if (topic.startsWith('$iothub/twin/GET/')) {
      const rid = topicParameters(topic).get('$rid') ?? '';
      setImmediate(() => twinGet(deviceId, client, rid));
      return;
    }
    if (topic.startsWith('$iothub/twin/PATCH/properties/reported/')) {
      const rid = topicParameters(topic).get('$rid') ?? '';
      setImmediate(() => reportedPatch(deviceId, client, rid, payload));
      return;
    }
    const methodReply = /^\$iothub\/methods\/res\/(\d{3})\/\?/.exec(topic);
    if (methodReply) {
      sessions.methodResponse(deviceId, topicParameters(topic).get('$rid') ?? '', Number(methodReply[1]), payload);
      return;
    }
    throw new Error(`Publishing to ${topic.slice(0, 100)} is not allowed for this device.`);
  }

  function respond(client: MqttClient, status: number, rid: string, body: unknown, extra = ''): void {
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8');
    client.publish({ cmd: 'publish', topic: `$iothub/twin/res/${status}/?$rid=${rid}${extra}`, payload, qos: 0, retain: false, dup: false }, () => {});
  }

  function twinGet(deviceId: string, client: MqttClient, rid: string): void {
    try {
      options.charge('twinRead');
    } catch {
      return respond(client, 429, rid, { errorCode: 429001, message: 'Twin reads are throttled; retry later.' });
    }
    const record = registry.store.get(deviceId);
    if (!record) return respond(client, 404, rid, { errorCode: 404001, message: 'Device not found.' });
    respond(client, 200, rid, {
      desired: { ...record.desired, $version: record.desiredVersion },
      reported: { ...record.reported, $version: record.reportedVersion },
    });
  }

  function reportedPatch(deviceId: string, client: MqttClient, rid: string, payload: Buffer): void {
    let patch: unknown;
    try {
      patch = JSON.parse(payload.toString('utf8'));
    } catch {
      return respond(client, 400, rid, { errorCode: 400004, message: 'The reported patch is not valid JSON.' });
    }
    try {
      options.charge('twinWrite');
      const version = registry.patchReported(deviceId, patch);
      respond(client, 204, rid, undefined, `&$version=${version}`);
    } catch (error) {
      // The SDK ignores the status and fails only when the body has errorCode (azure-wire.md §4).
      const status = error instanceof HubServiceError ? error.status : 500;
      const code = error instanceof HubServiceError ? error.code : 'ServerError';
      respond(client, status, rid, { errorCode: status * 1000 + 4, errorName: code, message: error instanceof Error ? error.message : 'failed' });
    }
  }

  return broker;
}

/** Sends a desired-properties delta to the device if it listens for them. */
export function pushDesired(sessions: DeviceSessions, deviceId: string, delta: unknown): void {
  const client = sessions.client(deviceId);
  if (!client || !sessions.has(deviceId, 'desired')) return;
  const version = (delta as { $version?: number }).$version ?? 0;
  const payload = Buffer.from(JSON.stringify(delta), 'utf8');
  client.publish({ cmd: 'publish', topic: `$iothub/twin/PATCH/properties/desired/?$version=${version}`, payload, qos: 0, retain: false, dup: false }, () => {});
}
