import type { Duplex } from 'node:stream';
import rhea from 'rhea';
import type { Client as MqttClient } from 'aedes';
import type { Connection, Delivery, EventContext, Message, Receiver, Sender } from 'rhea';
import type { DeviceRegistry } from '../hub/device-registry.ts';
import { C2dSettlement } from '../hub/c2d-queue.ts';
import type { DeviceSessions } from '../hub/device-sessions.ts';
import type { MessageProperties } from '../hub/property-bag.ts';
import { parsePropertyBag, topicParameters } from '../hub/property-bag.ts';
import type { LinkContext, LinkHandlers } from './amqp-endpoint.ts';
import { unauthorized } from './amqp-replies.ts';
import { bodyBytes } from './service-links.ts';
import { twinRequest } from './device-twin-link.ts';
import type { IdProperty } from './amqp-ids.ts';
import { idText } from './amqp-ids.ts';

const ADDRESS = /^\/devices\/([^/]+)\/(messages\/events|messages\/devicebound|methods\/devicebound|twin)$/;

export interface DeviceLinkDeps {
  registry: DeviceRegistry;
  sessions: DeviceSessions;
  /**
   * Whether the connection's TLS client certificate proves the device (self-signed thumbprint or CA
   * chain, as on MQTT): X.509 devices attach their links without a token on `$cbs`.
   */
  provenByCertificate(deviceId: string, socket: Duplex): boolean;
  /** Stores a device message for its routes; resolves once committed. */
  deviceMessage(deviceId: string, payload: Buffer, properties: MessageProperties): Promise<void>;
}

/** One device on one AMQP connection: its hub→device links, and the MQTT-shaped face DeviceSessions talks to. */
interface DeviceChannel {
  links: Set<Sender | Receiver>;
  c2d?: Sender;
  /** C2D transfers waiting for the device's complete (accepted), reject (rejected) or abandon (released, modified). */
  c2dPending: Map<Delivery, (outcome: 'complete' | 'abandon' | 'reject') => void>;
  methods?: Sender;
  twin?: Sender;
  client: MqttClient;
}

const text = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));

/**
 * The device side of AMQP (azure-iot-device-amqp, amqp-wire.md §7): telemetry, cloud-to-device
 * with complete/abandon, direct methods, and twin GET / reported PATCH / desired pushes. The
 * device's AMQP links appear to DeviceSessions as one connected client with an MQTT-shaped
 * `publish`, so the C2D queue, method calls, jobs and desired pushes work for AMQP and MQTT devices alike.
 */
export function deviceLinks(deps: DeviceLinkDeps): LinkHandlers {
  const channels = new WeakMap<Connection, Map<string, DeviceChannel>>();

  const channelFor = (connection: Connection, deviceId: string): DeviceChannel => {
    let devices = channels.get(connection);
    if (!devices) channels.set(connection, (devices = new Map()));
    let channel = devices.get(deviceId);
    if (!channel) {
      const created: DeviceChannel = { links: new Set(), c2dPending: new Map(), client: undefined as unknown as MqttClient };
      created.client = mqttFace(created, deviceId, connection);
      channel = created;
      devices.set(deviceId, channel);
      deps.sessions.connected(deviceId, channel.client, true);
    }
    return channel;
  };

  const attach = (link: Sender | Receiver, address: string, context: LinkContext) => {
    const match = ADDRESS.exec(address);
    if (!match) return undefined;
    const deviceId = decodeURIComponent(match[1] as string);
    if (!context.grants.allowsDevice(deviceId) && !deps.provenByCertificate(deviceId, context.socket)) {
      return unauthorized(`Unauthorized: put a token for device ${deviceId} on $cbs first, or connect with its X.509 certificate.`);
    }
    const channel = channelFor(context.connection, deviceId);
    channel.links.add(link);
    const kind = match[2] as string;
    if (link.is_sender()) {
      const sender = link as Sender;
      if (kind === 'messages/devicebound') channel.c2d = sender;
      if (kind === 'methods/devicebound') channel.methods = sender;
      if (kind === 'twin') channel.twin = sender;
      if (kind === 'messages/devicebound') {
        const settle = (outcome: 'complete' | 'abandon' | 'reject') => (event: EventContext) => {
          const delivery = event.delivery as Delivery;
          channel.c2dPending.get(delivery)?.(outcome);
          channel.c2dPending.delete(delivery);
        };
        sender.on('accepted', settle('complete'));
        sender.on('rejected', settle('reject'));
        for (const outcome of ['released', 'modified']) sender.on(outcome, settle('abandon'));
        deps.sessions.subscribed(deviceId, 'c2d');
        setImmediate(() => deps.sessions.flushC2d(deviceId));
      }
      if (kind === 'methods/devicebound') deps.sessions.subscribed(deviceId, 'methods');
      if (kind === 'twin') deps.sessions.subscribed(deviceId, 'twin');
    }
    return () => {
      channel.links.delete(link);
      if (channel.links.size > 0) return;
      channels.get(context.connection)?.delete(deviceId);
      deps.sessions.disconnected(deviceId, channel.client);
    };
  };

  return {
    receiving: (address, link, context) => attach(link, address, context),
    sending: (address, link, context) => attach(link, address, context),
    message: (link: Receiver, message: Message, event: EventContext) => {
      const match = ADDRESS.exec(link.target?.address ?? '');
      if (!match) return;
      const deviceId = decodeURIComponent(match[1] as string);
      const delivery = event.delivery as Delivery;
      deps.sessions.touch(deviceId);
      if (match[2] === 'messages/events') {
        deps.deviceMessage(deviceId, bodyBytes(message.body), propertiesOf(message)).then(
          () => delivery.accept(),
          (error: unknown) => delivery.reject({ condition: 'amqp:internal-error', description: error instanceof Error ? error.message : 'not stored' } as never),
        );
        return;
      }
      delivery.accept();
      const channel = channels.get(link.connection)?.get(deviceId);
      if (match[2] === 'methods/devicebound') {
        const status = Number((message.application_properties as Record<string, unknown> | undefined)?.['IoThub-status'] ?? 500);
        deps.sessions.methodResponse(deviceId, String(message.correlation_id), status, bodyBytes(message.body));
      } else if (match[2] === 'twin' && channel?.twin) {
        channel.twin.send(twinRequest(deps.registry, deps.sessions, deviceId, message));
      }
    },
  };
}

/** A device message's AMQP properties in the hub's property-bag form. */
function propertiesOf(message: Message): MessageProperties {
  const system: Record<string, string> = {};
  const set = (name: string, value: unknown) => {
    const v = text(value);
    if (v !== undefined) system[name] = v;
  };
  const uuidIds: IdProperty[] = [];
  for (const [name, value] of [['messageId', message.message_id], ['correlationId', message.correlation_id]] as const) {
    const id = idText(value);
    if (!id) continue;
    system[name] = id.text;
    if (id.uuid) uuidIds.push(name);
  }
  set('contentType', message.content_type);
  set('contentEncoding', message.content_encoding);
  if (Buffer.isBuffer(message.user_id)) system['userId'] = message.user_id.toString('utf8');
  const application: Record<string, string> = {};
  for (const [key, value] of Object.entries((message.application_properties ?? {}) as Record<string, unknown>)) application[key] = text(value) ?? '';
  return { system, application, ...(uuidIds.length > 0 ? { uuidIds } : {}) };
}

/** What DeviceSessions calls on a connected device, turned into AMQP transfers on the device's links. */
function mqttFace(channel: DeviceChannel, deviceId: string, connection: Connection): MqttClient {
  const publish = (packet: { topic: string; payload: Buffer | string }, done: (error?: Error) => void) => {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const body = rhea.message.data_section(payload);
    const devicebound = `devices/${deviceId}/messages/devicebound/`;
    if (packet.topic.startsWith(devicebound) && channel.c2d) {
      const bag = parsePropertyBag(packet.topic.slice(devicebound.length));
      const { messageId, correlationId, to, expiryTimeUtc, contentType, contentEncoding } = bag.system;
      const delivery = channel.c2d.send({
        body,
        message_id: messageId,
        correlation_id: correlationId,
        to,
        content_type: contentType,
        content_encoding: contentEncoding,
        ...(expiryTimeUtc ? { absolute_expiry_time: new Date(expiryTimeUtc) } : {}),
        application_properties: bag.application,
      } as Message);
      // accepted completes the message; rejected dead-letters it; released/modified abandon it (requeued, counted).
      channel.c2dPending.set(delivery, (outcome) => done(outcome === 'complete' ? undefined : new C2dSettlement(outcome)));
      return;
    }
    const method = /^\$iothub\/methods\/POST\/([^/]+)\//.exec(packet.topic);
    if (method && channel.methods) {
      channel.methods.send({ body, correlation_id: topicParameters(packet.topic).get('$rid'), application_properties: { 'IoThub-methodname': decodeURIComponent(method[1] as string) } } as Message);
      return done();
    }
    if (packet.topic.startsWith('$iothub/twin/PATCH/properties/desired/') && channel.twin) {
      channel.twin.send({ body } as Message);
      return done();
    }
    done(new Error(`no AMQP link carries ${packet.topic.slice(0, 60)}`));
  };
  return { id: deviceId, publish, close: () => connection.close() } as unknown as MqttClient;
}
