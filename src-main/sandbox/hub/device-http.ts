import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isKnownApiVersion } from '../server/api-version.ts';
import { BodyTooLargeError, readBody, sendEmpty } from '../server/http-io.ts';
import type { CloudToDeviceQueue } from './c2d-queue.ts';
import { type DeviceAuthOptions, authenticateDevice } from './device-auth.ts';
import type { DeviceSessions } from './device-sessions.ts';
import type { EventRing } from './hub-events.ts';
import type { MessageProperties } from './property-bag.ts';
import { parsePropertyBag } from './property-bag.ts';
import { HubServiceError, badRequest, sendServiceError } from './service-error.ts';

export interface DeviceHttpOptions extends DeviceAuthOptions {
  sessions: DeviceSessions;
  events: EventRing;
  c2d: CloudToDeviceQueue;
  charge: (quota: string) => void;
  /** One device→cloud message; a returned promise holds the 204 until it is stored for Event Hubs readers. */
  onTelemetry: (deviceId: string, payload: Buffer, properties: MessageProperties) => Promise<void> | void;
}

/** The service's largest device-to-cloud message. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const BATCH_TYPE = 'application/vnd.microsoft.iothub.json';
/** Headers the HTTP device API maps to system properties (azure-iot-device-http sends these). */
const SYSTEM_HEADERS: Record<string, string> = {
  'iothub-messageid': 'messageId',
  'iothub-correlationid': 'correlationId',
  'iothub-userid': 'userId',
  'iothub-to': 'to',
  'iothub-expiry': 'expiryTimeUtc',
  'iothub-contenttype': 'contentType',
  'iothub-contentencoding': 'contentEncoding',
  'iothub-interface-id': 'interfaceId',
};
/** How long a message handed to an HTTPS receive stays hidden from the next receive (IoT Hub's lock timeout, 1 minute). */
const C2D_LOCK_MS = 60_000;
const PATH = /^\/devices\/([^/]+)\/messages\/(events|devicebound)(?:\/([^/]+)(\/abandon)?)?$/i;

interface Telemetry {
  body: Buffer;
  system: Record<string, string>;
  application: Record<string, string>;
}

/**
 * The hub's device HTTPS API (IoT Hub's REST device endpoint): telemetry by
 * `POST /devices/{id}/messages/events` (single or batch), cloud-to-device receive by
 * `GET /devices/{id}/messages/deviceBound` and complete/reject/abandon by lock token. Every request
 * proves the device as MQTT CONNECT does: its SAS token (401 when bad or expired) or certificate.
 */
export function createDeviceHttp(options: DeviceHttpOptions): { matches(req: IncomingMessage): boolean; handle(req: IncomingMessage, res: ServerResponse): void } {
  /** Per device: C2D message id → end of its lock, for messages an HTTPS receive handed out. */
  const locks = new Map<string, Map<number, number>>();
  const pathOf = (req: IncomingMessage) => PATH.exec((req.url ?? '/').split('?')[0] ?? '/');
  return {
    matches: (req) => pathOf(req) !== null,
    handle: (req, res) => {
      void serve(req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        if (error instanceof HubServiceError) sendServiceError(res, error);
        else if (error instanceof BodyTooLargeError) sendServiceError(res, new HubServiceError(413, 'MessageTooLarge', 'The message is larger than 256 KB.'));
        else sendServiceError(res, new HubServiceError(500, 'ServerError', 'The sandbox failed to handle the request.'));
      });
    },
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = pathOf(req) as RegExpExecArray;
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    let deviceId: string;
    try {
      deviceId = decodeURIComponent(match[1] as string);
    } catch {
      throw badRequest('The device id in the path is malformed.');
    }
    const version = url.searchParams.get('api-version');
    if (version === null || !isKnownApiVersion(version, '2016-02-03')) throw badRequest('A supported api-version query parameter is required.', 'InvalidProtocolVersion');
    const refused = authenticateDevice(options, deviceId, req.socket as TLSSocket, req.headers.authorization);
    if (refused) throw new HubServiceError(401, 'IotHubUnauthorizedAccess', refused);
    options.sessions.touch(deviceId);
    const kind = (match[2] as string).toLowerCase();
    const lockToken = match[3];
    if (kind === 'events' && req.method === 'POST' && !lockToken) return receiveTelemetry(req, res, deviceId);
    if (kind === 'devicebound' && req.method === 'GET' && !lockToken) return sendNextC2d(res, deviceId);
    if (kind === 'devicebound' && lockToken && (req.method === 'DELETE' || (req.method === 'POST' && match[4]))) {
      const id = Number(decodeURIComponent(lockToken));
      const pending = options.c2d.pending(deviceId).find((m) => m.id === id);
      if (!pending) throw new HubServiceError(412, 'DeviceMessageLockLost', 'The message lock token is not valid.');
      // DELETE completes, DELETE ?reject dead-letters, POST …/abandon requeues with one more delivery.
      locks.get(deviceId)?.delete(id);
      if (req.method === 'DELETE' && url.searchParams.has('reject')) options.c2d.reject(deviceId, id, pending);
      else if (req.method === 'DELETE') options.c2d.delivered(deviceId, id, pending);
      else options.c2d.abandon(deviceId, id, pending);
      return sendEmpty(res, 204);
    }
    throw new HubServiceError(405, 'MethodNotAllowed', `${req.method ?? ''} is not supported on this path.`);
  }

  async function receiveTelemetry(req: IncomingMessage, res: ServerResponse, deviceId: string): Promise<void> {
    const body = await readBody(req, MAX_MESSAGE_BYTES);
    const headerValue = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const messages: Telemetry[] = [];
    if ((headerValue('content-type') ?? '').startsWith(BATCH_TYPE)) {
      let batch: unknown;
      try {
        batch = JSON.parse(body.toString('utf8'));
      } catch {
        throw badRequest('The batch body is not valid JSON.');
      }
      if (!Array.isArray(batch)) throw badRequest('A batch must be a JSON array.');
      for (const item of batch as Array<{ body?: unknown; properties?: Record<string, unknown> }>) {
        const application: Record<string, string> = {};
        for (const [key, value] of Object.entries(item?.properties ?? {})) application[key.replace(/^iothub-app-/, '')] = String(value);
        messages.push({ body: Buffer.from(typeof item?.body === 'string' ? item.body : '', 'base64'), system: {}, application });
      }
    } else {
      const system: Record<string, string> = {};
      const application: Record<string, string> = {};
      // rawHeaders keep the case the device sent: application property names are case-sensitive.
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        const raw = req.rawHeaders[i] as string;
        const name = raw.toLowerCase();
        const text = req.rawHeaders[i + 1] as string;
        if (name.startsWith('iothub-app-')) application[raw.slice('iothub-app-'.length)] = text;
        else if (SYSTEM_HEADERS[name] && name !== 'iothub-to') system[SYSTEM_HEADERS[name]] = text;
      }
      messages.push({ body, system, application });
    }
    const stored: (Promise<void> | void)[] = [];
    for (const message of messages) {
      options.charge('telemetry');
      stored.push(options.onTelemetry(deviceId, message.body, { system: message.system, application: message.application }));
      const text = message.body.toString('utf8');
      const utf8 = Buffer.byteLength(text, 'utf8') === message.body.length && !text.includes('\ufffd');
      options.events.push({
        type: 'telemetry',
        deviceId,
        enqueuedTime: new Date().toISOString(),
        body: utf8 ? text : message.body.toString('base64'),
        bodyEncoding: utf8 ? 'utf8' : 'base64',
        systemProperties: message.system,
        properties: message.application,
      });
    }
    await Promise.all(stored);
    sendEmpty(res, 204);
  }

  function sendNextC2d(res: ServerResponse, deviceId: string): void {
    const pending = options.c2d.count(deviceId) > 0 ? options.c2d.pending(deviceId) : [];
    const now = Date.now();
    const held = locks.get(deviceId);
    // A message handed out stays hidden from other receives until it is settled or its lock ends.
    const next = pending.find((message) => (held?.get(message.id) ?? 0) <= now);
    const live = new Map(pending.filter((message) => (held?.get(message.id) ?? 0) > now).map((message) => [message.id, held?.get(message.id) as number]));
    if (next) live.set(next.id, now + C2D_LOCK_MS);
    if (live.size > 0) locks.set(deviceId, live);
    else locks.delete(deviceId);
    if (!next) return sendEmpty(res, 204);
    const bag = parsePropertyBag(next.topicBag);
    const headers: Record<string, string> = { ETag: `"${next.id}"`, 'Content-Type': 'application/octet-stream' };
    const wire = Object.fromEntries(Object.entries(SYSTEM_HEADERS).map(([header, name]) => [name, header]));
    for (const [name, value] of Object.entries(bag.system)) if (wire[name]) headers[wire[name]] = value;
    for (const [key, value] of Object.entries(bag.application)) headers[`iothub-app-${key}`] = value;
    res.writeHead(200, headers);
    res.end(next.payload);
  }
}
