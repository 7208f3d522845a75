import type { SandboxDatabase } from '../store/database.ts';
import { GroupCommit } from '../store/group-commit.ts';
import type { HubMessage } from './event-messages.ts';
import { encodeEvent } from './event-messages.ts';
import type { EventStore } from './event-store.ts';
import { partitionOf } from './event-store.ts';

/** Where routing sent a message: the Event Hub-compatible entities it lands in. */
export type Destinations = string[];

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

  write(message: HubMessage, destinations: Destinations): Promise<void> {
    if (destinations.length === 0) return Promise.resolve();
    const partition = partitionOf(message.deviceId);
    return this.commits.run(() => {
      for (const entity of destinations) {
        this.store.append(entity, partition, message.enqueuedMs, (seq, offset) => encodeEvent(message, seq, offset));
      }
    });
  }
}
