/**
 * The console's view of a hub's event stream: device telemetry, lifecycle and twin-change events,
 * as IoT Hub's built-in (Event Hub-compatible) endpoint delivers them. Every consumer in the main
 * process (device monitor, timeline, digital twins, simulator views) reads through one
 * `HubEventSource` per hub, fanned out by the hub event reader; no consumer opens its own.
 *
 * Two implementations share this shape: one over `@azure/event-hubs` (Azure and, once it speaks
 * AMQP, the sandbox) and one over the sandbox's own event stream (until then).
 */

/** What kind of message arrived, from the `iothub-message-source` system property. */
export type HubEventKind = 'telemetry' | 'deviceLifecycle' | 'twinChangeEvents' | 'deviceConnectionStateEvents';

export interface HubEvent {
  kind: HubEventKind;
  hubHost: string;
  deviceId: string;
  /** When the hub enqueued it, ms since the epoch (`iothub-enqueuedtime`). */
  enqueuedAt: number;
  /** Lifecycle / connection-state / twin-change operation: createDeviceIdentity, deleteDeviceIdentity, deviceConnected, deviceDisconnected, updateTwin, replaceTwin… (`opType`). */
  opType: string | null;
  /** Parsed JSON where the body was JSON, else its UTF-8 text, else base64 with `bodyEncoding: 'base64'`. */
  body: unknown;
  bodyEncoding: 'json' | 'utf8' | 'base64';
  /** Application properties the device (or the route's enrichments) set. */
  properties: Record<string, string>;
  /** The system properties the hub adds (iothub-connection-device-id, iothub-enqueuedtime, message-id, content-type…), as strings. */
  systemProperties: Record<string, string>;
  /** Where this event sits in its partition, so a reader can resume after it; null where the source has no such notion. */
  position: { partitionId: string; sequenceNumber: number } | null;
}

/** Where a new subscription starts reading. */
export type HubEventStart = { from: 'end' } | { from: 'enqueuedTime'; at: number } | { from: 'earliest' };

export interface HubEventSubscription {
  /** Stops reading and releases the connection. */
  close(): Promise<void>;
}

export interface HubEventSource {
  /**
   * Reads one hub's events from `start`, handing them on in arrival order in batches (a source may
   * deliver single events; consumers must not assume a batch size). `onError` hears failures the
   * source could not recover from by retrying (bad credentials, an endpoint that is gone); messages
   * never carry a secret.
   */
  subscribe(
    hubHost: string,
    start: HubEventStart,
    onEvents: (events: HubEvent[]) => void,
    onError: (error: Error) => void,
  ): Promise<HubEventSubscription>;
}
