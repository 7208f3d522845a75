import type { EventPosition, ReceivedEventData } from '@azure/event-hubs';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import type { HubEvent, HubEventKind, HubEventSource, HubEventStart, HubEventSubscription } from './hub-event-source.ts';

const KINDS: Record<string, HubEventKind> = {
  Telemetry: 'telemetry',
  deviceLifecycleEvents: 'deviceLifecycle',
  twinChangeEvents: 'twinChangeEvents',
  deviceConnectionStateEvents: 'deviceConnectionStateEvents',
};

// @azure/event-hubs' earliestEventPosition and latestEventPosition, without loading the package at start-up.
function position(start: HubEventStart): EventPosition {
  if (start.from === 'earliest') return { offset: '-1' };
  if (start.from === 'enqueuedTime') return { enqueuedOn: start.at };
  return { offset: '@latest' };
}

const asString = (value: unknown): string => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : JSON.stringify(value));

/** A body as @azure/event-hubs hands it (JSON parsed, else bytes) in the HubEvent shape. */
function bodyOf(body: unknown): Pick<HubEvent, 'body' | 'bodyEncoding'> {
  if (!Buffer.isBuffer(body) && !(body instanceof Uint8Array)) return { body, bodyEncoding: typeof body === 'string' ? 'utf8' : 'json' };
  const bytes = Buffer.from(body);
  const text = bytes.toString('utf8');
  return Buffer.byteLength(text) === bytes.length && !text.includes('\ufffd') ? { body: text, bodyEncoding: 'utf8' } : { body: bytes.toString('base64'), bodyEncoding: 'base64' };
}

/** One received event as IoT Hub's built-in endpoint describes it. */
export function fromEventData(hubHost: string, partitionId: string, event: ReceivedEventData): HubEvent {
  const system = event.systemProperties ?? {};
  const properties = Object.fromEntries(Object.entries(event.properties ?? {}).map(([k, v]) => [k, asString(v)]));
  const systemProperties = Object.fromEntries(Object.entries(system).map(([k, v]) => [k, asString(v)]));
  if (event.messageId !== undefined) systemProperties['message-id'] = asString(event.messageId);
  if (event.contentType !== undefined) systemProperties['content-type'] = event.contentType;
  const source = asString(system['iothub-message-source'] ?? 'Telemetry');
  return {
    kind: KINDS[source] ?? 'telemetry',
    hubHost,
    deviceId: asString(system['iothub-connection-device-id'] ?? properties['deviceId'] ?? ''),
    enqueuedAt: event.enqueuedTimeUtc.getTime(),
    opType: properties['opType'] ?? null,
    ...bodyOf(event.body),
    properties,
    systemProperties,
    position: { partitionId, sequenceNumber: event.sequenceNumber },
  };
}

/**
 * Reads a hub's built-in endpoint with `@azure/event-hubs` through the profile's client factory
 * (`eventHubConsumer`: the IoT Hub redirect, then Event Hubs), the same for Azure and the sandbox.
 * What it delivers is what the hub's routes send to `events` (device messages by default).
 */
export class EventHubEventSource implements HubEventSource {
  private readonly clients: () => Promise<AzureClientFactory>;
  private readonly consumerGroup: string;

  constructor(options: { clients: () => Promise<AzureClientFactory>; consumerGroup?: string }) {
    this.clients = options.clients;
    this.consumerGroup = options.consumerGroup ?? '$Default';
  }

  async subscribe(hubHost: string, start: HubEventStart, onEvents: (events: HubEvent[]) => void, onError: (error: Error) => void): Promise<HubEventSubscription> {
    const consumer = await (await this.clients()).eventHubConsumer(hubHost, this.consumerGroup);
    const subscription = consumer.subscribe(
      {
        processEvents: async (events, context) => {
          if (events.length > 0) onEvents(events.map((event) => fromEventData(hubHost, context.partitionId, event)));
        },
        processError: async (error) => {
          // The client retries what it can; what reaches here is worth telling (bad key, gone endpoint).
          if ((error as { name?: string }).name !== 'AbortError') onError(error);
        },
      },
      { startPosition: position(start), maxBatchSize: 500, maxWaitTimeInSeconds: 1 },
    );
    return {
      close: async () => {
        await subscription.close();
        await consumer.close();
      },
    };
  }
}
