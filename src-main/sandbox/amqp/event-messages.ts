import rhea from 'rhea';
import type { IdProperty } from './amqp-ids.ts';
import { idValue } from './amqp-ids.ts';

/** What the hub knows about one message or notification before it is given a place in a partition. */
export interface HubMessage {
  deviceId: string;
  moduleId?: string;
  /** Telemetry, twinChangeEvents, deviceLifecycleEvents, deviceConnectionStateEvents (iothub-message-source). */
  source: 'Telemetry' | 'twinChangeEvents' | 'deviceLifecycleEvents' | 'deviceConnectionStateEvents';
  body: Buffer;
  /** messageId, correlationId, contentType, contentEncoding, userId as the device set them. */
  system: Record<string, string>;
  application: Record<string, string | number | boolean>;
  /** messageId / correlationId that an AMQP device sent as the AMQP uuid type, re-sent as that type. */
  uuidIds?: IdProperty[];
  /** Extra annotations (e.g. `iothub-connection-auth-method`), copied into systemProperties by the client. */
  annotations?: Record<string, string>;
  enqueuedMs: number;
}

/**
 * The AMQP message an Event Hubs reader receives for a hub message (amqp-wire.md §5): the body as a
 * data section, the device's message properties, the application properties, and as message
 * annotations the `x-opt-*` position fields plus the `iothub-*` system properties the hub stamps.
 */
export function encodeEvent(message: HubMessage, seq: number, offset: number): Buffer {
  const enqueued = new Date(message.enqueuedMs);
  const annotations: Record<string, unknown> = {
    'x-opt-sequence-number': rhea.types.wrap_long(seq),
    'x-opt-offset': String(offset),
    'x-opt-enqueued-time': enqueued,
    'iothub-connection-device-id': message.deviceId,
    'iothub-enqueuedtime': enqueued,
    'iothub-message-source': message.source,
    ...message.annotations,
  };
  if (message.moduleId) annotations['iothub-connection-module-id'] = message.moduleId;
  const amqp: Record<string, unknown> = {
    body: rhea.message.data_section(message.body),
    message_annotations: annotations,
    application_properties: message.application,
  };
  const { messageId, correlationId, contentType, contentEncoding, userId } = message.system;
  const uuid = (name: IdProperty) => message.uuidIds?.includes(name) ?? false;
  if (messageId !== undefined) amqp['message_id'] = idValue(messageId, uuid('messageId'));
  if (correlationId !== undefined) amqp['correlation_id'] = idValue(correlationId, uuid('correlationId'));
  if (contentType !== undefined) amqp['content_type'] = contentType;
  if (contentEncoding !== undefined) amqp['content_encoding'] = contentEncoding;
  if (userId !== undefined) amqp['user_id'] = Buffer.from(userId, 'utf8');
  return rhea.message.encode(amqp);
}

/** A lifecycle or connection notification as IoT Hub routes them (body: the device's identity or twin). */
export function notification(
  deviceId: string,
  source: HubMessage['source'],
  opType: string,
  schema: string,
  hubName: string,
  body: unknown,
): HubMessage {
  const now = Date.now();
  return {
    deviceId,
    source,
    body: Buffer.from(JSON.stringify(body ?? {}), 'utf8'),
    system: { contentType: 'application/json', contentEncoding: 'utf-8' },
    application: { hubName, deviceId, operationTimestamp: new Date(now).toISOString(), opType, 'iothub-message-schema': schema },
    enqueuedMs: now,
  };
}
