import { earliestEventPosition, type EventHubConsumerClient, type EventPosition } from '@azure/event-hubs';
import type { HubEvent, HubEventSource, HubEventStart, HubEventSubscription } from './hub-event-source.ts';
import { fromEventData } from './event-hubs-mapping.ts';

export interface EventHubsSourceOptions {
  /** A consumer on the hub's built-in endpoint (AzureClientFactory.eventHubConsumer). */
  consumer(hubHost: string): Promise<EventHubConsumerClient>;
  maxBatchSize?: number;
}

/**
 * `end` means "what arrives from now on", fixed when subscribe is called: the SDK's latest position
 * is taken only when each partition's link attaches, a moment later, and whatever a device sent in
 * between would be lost.
 */
function positionOf(start: HubEventStart): EventPosition {
  if (start.from === 'end') return { enqueuedOn: new Date() };
  if (start.from === 'earliest') return earliestEventPosition;
  return { enqueuedOn: new Date(start.at) };
}

/** Failures the SDK will not get past by retrying: wrong keys, a hub or consumer group that is not there. */
function isFatal(error: Error): boolean {
  const e = error as Error & { retryable?: boolean; code?: string };
  return e.retryable === false && /Unauthorized|NotFound|Forbidden|ArgumentError|InvalidOperation/i.test(`${e.code ?? ''} ${e.name}`);
}

/**
 * Reads a hub through its Event Hub-compatible endpoint with @azure/event-hubs, every partition
 * from the asked start; the SDK reconnects and retries on its own, so only fatal errors reach
 * onError. Used for every profile (Azure, and the sandbox since it speaks AMQP).
 */
export class EventHubsHubEventSource implements HubEventSource {
  private readonly options: EventHubsSourceOptions;

  constructor(options: EventHubsSourceOptions) {
    this.options = options;
  }

  async subscribe(hubHost: string, start: HubEventStart, onEvents: (events: HubEvent[]) => void, onError: (error: Error) => void): Promise<HubEventSubscription> {
    // Fixed before the consumer is resolved (the hub's redirect takes a round trip): 'end' is now.
    const startPosition = positionOf(start);
    const client = await this.options.consumer(hubHost);
    let failed = false;
    const subscription = client.subscribe(
      {
        processEvents: async (events, context) => {
          const batch: HubEvent[] = [];
          for (const event of events) {
            const mapped = fromEventData(hubHost, context.partitionId, event);
            if (mapped) batch.push(mapped);
          }
          if (batch.length > 0) onEvents(batch);
        },
        processError: async (error) => {
          if (failed || !isFatal(error)) return;
          failed = true;
          onError(error);
        },
      },
      { startPosition, maxBatchSize: this.options.maxBatchSize ?? 500, maxWaitTimeInSeconds: 1 },
    );
    return {
      close: async () => {
        await subscription.close();
        await client.close();
      },
    };
  }
}
