import type { SandboxDatabase } from '../store/database.ts';
import type { HubMessage } from './event-messages.ts';
import { encodeEvent } from './event-messages.ts';
import type { EventStore } from './event-store.ts';
import { partitionOf } from './event-store.ts';

/** One routed copy of a message: the Event Hub-compatible entity it lands in, enriched for it. */
export interface EntityDelivery {
  entity: string;
  message: HubMessage;
}

interface Pending {
  deliveries: EntityDelivery[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes hub messages into their entities' partitions. Messages arriving in one event-loop turn
 * share one transaction (one fsync under synchronous=FULL, no savepoint per message: an insert of
 * a well-formed row does not fail alone); the returned promise settles after COMMIT, so a device's
 * message is acknowledged (MQTT PUBACK) only once it is on disk, and a failed COMMIT rejects them all.
 */
export class EventIngest {
  private readonly db: SandboxDatabase;
  private readonly store: EventStore;
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(db: SandboxDatabase, store: EventStore) {
    this.db = db;
    this.store = store;
  }

  write(deliveries: EntityDelivery[]): Promise<void> {
    if (deliveries.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ deliveries, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    try {
      this.db.transaction(() => {
        for (const pending of batch) {
          for (const { entity, message } of pending.deliveries) {
            this.store.append(entity, partitionOf(message.deviceId), message.enqueuedMs, (seq, offset) => encodeEvent(message, seq, offset));
          }
        }
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const pending of batch) pending.resolve();
  }
}
