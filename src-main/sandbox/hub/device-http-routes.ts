import type { TLSSocket } from 'node:tls';
import { readBody } from '../server/http-io.ts';
import type { MessageProperties } from './property-bag.ts';
import type { Route } from './service-router.ts';
import { HubServiceError, badRequest } from './service-error.ts';

/** The service's largest device-to-cloud message (also per message of a batch, 256 KB for the whole). */
const MAX_MESSAGE_BYTES = 256 * 1024;
const BATCH_CONTENT_TYPE = 'application/vnd.microsoft.iothub.json';

/** HTTP headers the device SDK sends for system properties (azure-iot-device-http). */
const SYSTEM_HEADERS: Record<string, string> = {
  'iothub-messageid': 'messageId',
  'iothub-correlationid': 'correlationId',
  'iothub-userid': 'userId',
  'iothub-expiry': 'expiryTimeUtc',
  'iothub-contenttype': 'contentType',
  'iothub-contentencoding': 'contentEncoding',
  'iothub-interface-id': 'interfaceId',
  'dt-subject': 'subject',
};
const APP_PREFIX = 'iothub-app-';

function propertiesOf(headers: Record<string, unknown>): MessageProperties {
  const bag: MessageProperties = { system: {}, application: {} };
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    const lower = name.toLowerCase();
    if (lower in SYSTEM_HEADERS) bag.system[SYSTEM_HEADERS[lower] as string] = value;
    else if (lower.startsWith(APP_PREFIX)) bag.application[name.slice(APP_PREFIX.length)] = value;
  }
  return bag;
}

/** `sendEventBatch`: `[{"body": base64, "properties": {"iothub-app-k": "v"}}]`. */
function batchOf(body: Buffer): { payload: Buffer; bag: MessageProperties }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('The batch is not valid JSON.');
  }
  if (!Array.isArray(parsed)) throw badRequest('A batch must be a JSON array of {body, properties}.');
  return parsed.map((item: unknown, i) => {
    const entry = item as { body?: unknown; properties?: unknown };
    if (typeof entry?.body !== 'string') throw badRequest(`Batch message ${i}: body must be a base64 string.`);
    const properties = typeof entry.properties === 'object' && entry.properties !== null ? (entry.properties as Record<string, unknown>) : {};
    return { payload: Buffer.from(entry.body, 'base64'), bag: propertiesOf(properties) };
  });
}

export interface DeviceHttpOptions {
  /** Null when the device proves itself with this SAS header or the TLS client certificate, else why not. */
  authenticate: (deviceId: string, sas: string | undefined, socket: TLSSocket | undefined) => string | null;
  /** One device-to-cloud message; a returned promise holds the answer until it is stored. */
  telemetry: (deviceId: string, payload: Buffer, properties: MessageProperties) => Promise<void> | void;
  /** Throws a 429 HubServiceError when the named quota is exhausted (throttle emulation). */
  charge: (quota: string) => void;
}

/**
 * The device side of IoT Hub's HTTPS API as `azure-iot-device-http` uses it: telemetry, one
 * message or a batch. The device authenticates as over MQTT (SAS for `<host>/devices/<id>`, or
 * its X.509 certificate); any failure is the service's 401, which the SDK raises as UnauthorizedError.
 * Cloud-to-device over HTTPS (`…/messages/deviceBound`) is not served (501, see the router).
 */
export function deviceHttpRoutes(options: DeviceHttpOptions): Route[] {
  return [
    {
      method: 'POST',
      path: '/devices/*/messages/events',
      permissions: [],
      deviceAuth: true,
      handle: async ({ req, res, params, header }) => {
        const deviceId = params[0] as string;
        const refused = options.authenticate(deviceId, header('authorization'), req.socket as TLSSocket);
        if (refused) throw new HubServiceError(401, 'IotHubUnauthorizedAccess', `Unauthorized: ${refused}`);
        const body = await readBody(req, MAX_MESSAGE_BYTES);
        const batch = (header('content-type') ?? '').toLowerCase().startsWith(BATCH_CONTENT_TYPE);
        const messages = batch ? batchOf(body) : [{ payload: body, bag: propertiesOf(req.headers) }];
        for (const _ of messages) options.charge('telemetry');
        await Promise.all(messages.map((m) => options.telemetry(deviceId, m.payload, m.bag)));
        res.writeHead(204).end();
      },
    },
  ];
}
