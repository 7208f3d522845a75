import rhea from 'rhea';
import type { Message } from 'rhea';
import type { DeviceRegistry } from '../hub/device-registry.ts';
import type { DeviceSessions } from '../hub/device-sessions.ts';
import { HubServiceError } from '../hub/service-error.ts';
import { bodyBytes } from './service-links.ts';

/**
 * Answers one request on a device's `/devices/<id>/twin` link (amqp-wire.md §7): `GET` → the
 * desired and reported sections with their versions; `PATCH /properties/reported` → 204 with the
 * new version; `PUT`/`DELETE /notifications/twin/properties/desired` → desired pushes on or off.
 * The reply carries the request's correlation id and a `status` annotation; the body a data section.
 */
export function twinRequest(registry: DeviceRegistry, sessions: DeviceSessions, deviceId: string, request: Message): Message {
  const annotations = (request.message_annotations ?? {}) as Record<string, unknown>;
  const operation = String(annotations['operation'] ?? '');
  const resource = String(annotations['resource'] ?? '');
  // A reply without a body has no body section at all: the SDK parses any body it finds as JSON.
  const reply = (status: number, body?: unknown, version?: number): Message =>
    ({
      correlation_id: request.correlation_id,
      message_annotations: { status: rhea.types.wrap_int(status), ...(version !== undefined ? { version: rhea.types.wrap_long(version) } : {}) },
      ...(body === undefined ? {} : { body: rhea.message.data_section(Buffer.from(JSON.stringify(body), 'utf8')) }),
    }) as Message;
  try {
    if (operation === 'GET') {
      const record = registry.require(deviceId);
      return reply(200, { desired: { ...record.desired, $version: record.desiredVersion }, reported: { ...record.reported, $version: record.reportedVersion } });
    }
    if (operation === 'PATCH' && resource === '/properties/reported') {
      const patch = JSON.parse(bodyBytes(request.body).toString('utf8')) as unknown;
      return reply(204, undefined, registry.patchReported(deviceId, patch));
    }
    if ((operation === 'PUT' || operation === 'DELETE') && resource === '/notifications/twin/properties/desired') {
      if (operation === 'PUT') sessions.subscribed(deviceId, 'desired');
      return reply(200);
    }
    return reply(400, { errorCode: 400004, message: `The twin operation '${operation} ${resource}' is not supported.` });
  } catch (error) {
    const status = error instanceof HubServiceError ? error.status : error instanceof SyntaxError ? 400 : 500;
    return reply(status, { errorCode: status * 1000 + 4, message: error instanceof Error ? error.message : 'failed' });
  }
}
