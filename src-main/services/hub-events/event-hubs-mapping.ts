import type { ReceivedEventData } from '@azure/event-hubs';
import type { HubEvent, HubEventKind } from './hub-event-source.ts';

/** `iothub-message-source` values as IoT Hub sets them, to the console's event kinds. */
const SOURCES: Record<string, HubEventKind> = {
  Telemetry: 'telemetry',
  deviceLifecycleEvents: 'deviceLifecycle',
  twinChangeEvents: 'twinChangeEvents',
  deviceConnectionStateEvents: 'deviceConnectionStateEvents',
};

function asText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function stringRecord(values: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values ?? {})) if (value !== undefined && value !== null) out[name] = asText(value);
  return out;
}

/** A body as the SDK handed it (JSON already parsed where it was JSON, else bytes) in the console's three forms. */
function decodeBody(body: unknown): Pick<HubEvent, 'body' | 'bodyEncoding'> {
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    const bytes = Buffer.from(body);
    const text = bytes.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(bytes)) {
      try {
        return { body: JSON.parse(text) as unknown, bodyEncoding: 'json' };
      } catch {
        return { body: text, bodyEncoding: 'utf8' };
      }
    }
    return { body: bytes.toString('base64'), bodyEncoding: 'base64' };
  }
  if (typeof body === 'string') return { body, bodyEncoding: 'utf8' };
  return { body: body ?? null, bodyEncoding: 'json' };
}

/** One event from IoT Hub's built-in endpoint (read with @azure/event-hubs) as a HubEvent; null for a source the console does not follow. */
export function fromEventData(hubHost: string, partitionId: string, event: ReceivedEventData): HubEvent | null {
  const system = stringRecord(event.systemProperties as Record<string, unknown> | undefined);
  const properties = stringRecord(event.properties as Record<string, unknown> | undefined);
  const kind = SOURCES[system['iothub-message-source'] ?? 'Telemetry'];
  if (!kind) return null;
  if (event.contentType) system['content-type'] ??= event.contentType;
  // The SDK lifts the AMQP properties section out of systemProperties; put the ids back where the sandbox stream has them.
  if (event.messageId !== undefined && event.messageId !== null) system['message-id'] ??= asText(event.messageId);
  if (event.correlationId !== undefined && event.correlationId !== null) system['correlation-id'] ??= asText(event.correlationId);
  return {
    kind,
    hubHost,
    deviceId: system['iothub-connection-device-id'] ?? properties.deviceId ?? '',
    enqueuedAt: event.enqueuedTimeUtc.getTime(),
    opType: kind === 'telemetry' ? null : (properties.opType ?? null),
    ...decodeBody(event.body),
    properties,
    systemProperties: system,
    position: { partitionId, sequenceNumber: event.sequenceNumber },
  };
}
