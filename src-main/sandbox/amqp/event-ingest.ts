import type { SandboxDatabase } from '../store/database.ts';
import { GroupCommit } from '../store/group-commit.ts';
import type { HubMessage } from './event-messages.ts';
import { encodeEvent } from './event-messages.ts';
import type { EventStore } from './event-store.ts';
import { partitionOf } from './event-store.ts';

/** One routed copy of a message: the Event Hub-compatible entity it lands in, enriched for it. */
export interface EntityDelivery {
  entity: string;
  message: HubMessage;
}

/**
 * Writes hub messages into their entities' partitions. Messages arriving in one event-loop turn
 * share one transaction (one fsync under synchronous=FULL); the returned promise settles after
 * COMMIT, so a device's message is acknowledged (MQTT PUBACK, AMQP accepted) only once it is on disk.
 */
export class EventIngest {
  private readonly store: EventStore;
  private readonly commits: GroupCommit;

  constructor(db: SandboxDatabase, store: EventStore) {
    this.store = store;
    this.commits = new GroupCommit(db);
  }

  write(deliveries: EntityDelivery[]): Promise<void> {
    if (deliveries.length === 0) return Promise.resolve();
    return this.commits.run(() => {
      for (const { entity, message } of deliveries) {
        this.store.append(entity, partitionOf(message.deviceId), message.enqueuedMs, (seq, offset) => encodeEvent(message, seq, offset));
      }
    });
  }
}
