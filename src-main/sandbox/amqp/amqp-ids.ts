import rhea from 'rhea';

/** The two AMQP message properties that may carry a UUID: the SDKs send a UUID-shaped id as the uuid type. */
export type IdProperty = 'messageId' | 'correlationId';

/**
 * An AMQP message-id or correlation-id as text. rhea decodes the AMQP uuid type as a 16-byte
 * Buffer; the IoT SDKs send every UUID-shaped id that way (azure-iot-amqp-base `encodeUuid`), and
 * read a 16-byte Buffer back as a UUID string, so the hub does the same. Other Buffers (binary ids)
 * are read as UTF-8, numbers and strings as they are.
 */
export function idText(value: unknown): { text: string; uuid: boolean } | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value) && value.length === 16) return { text: rhea.uuid_to_string(value), uuid: true };
  if (Buffer.isBuffer(value)) return { text: value.toString('utf8'), uuid: false };
  return { text: String(value), uuid: false };
}

/** The id as it goes back on the wire: a 16-byte Buffer (rhea encodes it as the uuid type) when it came as one. */
export function idValue(text: string, uuid: boolean): string | Buffer {
  return uuid ? rhea.string_to_uuid(text) : text;
}
