import type { HubEvent, HubEventKind } from './hub-event-source.ts';

/** One line of the sandbox's `/sandbox/v1/events` stream (src-main/sandbox/hub/hub-events.ts). */
export type SandboxStreamEvent =
  | {
      seq: number;
      type: 'telemetry';
      deviceId: string;
      enqueuedTime: string;
      body: string;
      bodyEncoding: 'utf8' | 'base64';
      systemProperties?: Record<string, string>;
      properties?: Record<string, string>;
    }
  | { seq: number; type: 'deviceCreated' | 'deviceDeleted' | 'deviceUpdated' | 'deviceConnected' | 'deviceDisconnected'; deviceId: string; time: string }
  | { seq: number; type: 'twinChanged'; deviceId: string; time: string; section: 'tags' | 'desired' | 'reported'; version: number; patch: unknown };

const NOTIFICATIONS: Record<string, { kind: HubEventKind; opType: string; source: string }> = {
  deviceCreated: { kind: 'deviceLifecycle', opType: 'createDeviceIdentity', source: 'deviceLifecycleEvents' },
  deviceDeleted: { kind: 'deviceLifecycle', opType: 'deleteDeviceIdentity', source: 'deviceLifecycleEvents' },
  // Azure raises no lifecycle event for an identity update; the sandbox does, under a name of its own.
  deviceUpdated: { kind: 'deviceLifecycle', opType: 'updateDeviceIdentity', source: 'deviceLifecycleEvents' },
  deviceConnected: { kind: 'deviceConnectionStateEvents', opType: 'deviceConnected', source: 'deviceConnectionStateEvents' },
  deviceDisconnected: { kind: 'deviceConnectionStateEvents', opType: 'deviceDisconnected', source: 'deviceConnectionStateEvents' },
  twinChanged: { kind: 'twinChangeEvents', opType: 'updateTwin', source: 'twinChangeEvents' },
};

/** A body the way IoT Hub delivers it: JSON where it parses, else text, else base64. */
export function decodeBody(text: string, encoding: 'utf8' | 'base64'): Pick<HubEvent, 'body' | 'bodyEncoding'> {
  if (encoding === 'base64') return { body: text, bodyEncoding: 'base64' };
  try {
    return { body: JSON.parse(text) as unknown, bodyEncoding: 'json' };
  } catch {
    return { body: text, bodyEncoding: 'utf8' };
  }
}

/**
 * Turns a sandbox stream line into the shape IoT Hub's built-in endpoint delivers: the same kinds,
 * opType names and application properties (hubName, deviceId, opType, operationTimestamp,
 * iothub-message-schema) a route to `events` would carry. Null for a line of an unknown type.
 */
export function fromSandboxEvent(hubHost: string, event: SandboxStreamEvent): HubEvent | null {
  if (event.type === 'telemetry') {
    const enqueuedAt = Date.parse(event.enqueuedTime);
    return {
      kind: 'telemetry',
      hubHost,
      deviceId: event.deviceId,
      enqueuedAt,
      opType: null,
      ...decodeBody(event.body, event.bodyEncoding),
      properties: { ...event.properties },
      systemProperties: {
        ...event.systemProperties,
        'iothub-connection-device-id': event.deviceId,
        'iothub-enqueuedtime': event.enqueuedTime,
        'iothub-message-source': 'Telemetry',
      },
      position: null,
    };
  }
  const mapped = NOTIFICATIONS[event.type];
  if (!mapped) return null;
  const hubName = hubHost.split('.')[0]!.split(':')[0]!;
  const body =
    event.type === 'twinChanged'
      ? event.section === 'tags'
        ? { version: event.version, tags: event.patch }
        : { version: event.version, properties: { [event.section]: event.patch } }
      : { deviceId: event.deviceId };
  return {
    kind: mapped.kind,
    hubHost,
    deviceId: event.deviceId,
    enqueuedAt: Date.parse(event.time),
    opType: mapped.opType,
    body,
    bodyEncoding: 'json',
    properties: { hubName, deviceId: event.deviceId, opType: mapped.opType, operationTimestamp: event.time, 'iothub-message-schema': mapped.source },
    systemProperties: {
      'iothub-connection-device-id': event.deviceId,
      'iothub-enqueuedtime': event.time,
      'iothub-message-source': mapped.source,
      'content-type': 'application/json',
    },
    position: null,
  };
}
