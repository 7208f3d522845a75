import rhea from 'rhea';
import type { Message, Receiver, Sender } from 'rhea';
import type { EventStore } from './event-store.ts';
import { PARTITION_COUNT } from './event-store.ts';
import type { AmqpError } from './amqp-replies.ts';
import { notFound, senderWithTarget, statusReply } from './amqp-replies.ts';
import { parseStartFilter, resolveStart } from './start-position.ts';

/** The Event Hub-compatible entities of one hub and their consumer groups. */
export interface EventHubCatalog {
  store: EventStore;
  createdAt: Date;
  /** Whether `entity` is an Event Hub-compatible entity of this hub (built-in or a named endpoint). */
  hasEntity(entity: string): boolean;
  hasConsumerGroup(entity: string, group: string): boolean;
}

const PARTITION_SOURCE = /^(?:amqps?:\/\/[^/]+\/)?([^/]+)\/ConsumerGroups\/([^/]+)\/Partitions\/([^/]+)$/i;
const BATCH = 256;

/** `<entity>/ConsumerGroups/<group>/Partitions/<n>` → its parts, or null for another address. */
export function parsePartitionAddress(address: string): { entity: string; group: string; partition: string } | null {
  const match = PARTITION_SOURCE.exec(address);
  return match ? { entity: match[1] as string, group: match[2] as string, partition: match[3] as string } : null;
}

/**
 * Serves one partition reader: events after the start position, as credit allows, then live
 * events as they commit. Transfers go unsettled; the client accepts each (amqp-wire.md §5).
 * Returns an error to detach with, or a stop function for when the link or connection closes.
 */
export function servePartition(catalog: EventHubCatalog, sender: Sender, address: { entity: string; group: string; partition: string }): AmqpError | (() => void) {
  const { entity, group } = address;
  if (!catalog.hasEntity(entity)) return notFound(`The messaging entity '${entity}' could not be found.`);
  if (!catalog.hasConsumerGroup(entity, group)) return notFound(`The messaging entity '${entity}/ConsumerGroups/${group}' could not be found.`);
  const partition = Number(address.partition);
  if (!Number.isInteger(partition) || partition < 0 || partition >= PARTITION_COUNT) {
    return { condition: 'com.microsoft:argument-out-of-range', description: `The specified partition is invalid for an EventHub partition sender or receiver. It should be between 0 and ${PARTITION_COUNT - 1}.` };
  }
  const filter = parseStartFilter(sender.source?.filter);
  if (filter === 'invalid') return { condition: 'amqp:invalid-field', description: 'The start position filter is not one the service understands.' };
  let cursor = resolveStart(catalog.store, entity, partition, filter);
  let stopped = false;
  const pump = () => {
    while (!stopped && sender.sendable()) {
      const batch = catalog.store.read(entity, partition, cursor, Math.min((sender as unknown as { credit: number }).credit, BATCH));
      if (batch.length === 0) return;
      for (const event of batch) {
        // Each transfer needs link credit and room in the peer's session window: sending past
        // either breaks the connection (the client drops it mid catch-up). The rest waits for 'sendable'.
        if (stopped || !sender.sendable()) return;
        sender.send(event.encoded, undefined, 0);
        cursor = event.seq;
      }
    }
  };
  const unsubscribe = catalog.store.onAppend((e, p) => {
    if (e === entity && p === partition) pump();
  });
  sender.on('sendable', pump);
  setImmediate(pump);
  return () => {
    stopped = true;
    unsubscribe();
  };
}

/** Answers `$management` READ requests for the hub and its partitions (amqp-wire.md §4). */
export function answerManagement(catalog: EventHubCatalog, receiver: Receiver, request: Message): void {
  const replyTo = typeof request.reply_to === 'string' ? request.reply_to : '';
  const sender = senderWithTarget(receiver.connection, replyTo);
  if (!sender) return;
  const properties = (request.application_properties ?? {}) as Record<string, unknown>;
  const entity = String(properties['name'] ?? '');
  const type = String(properties['type'] ?? '');
  if (properties['operation'] !== 'READ') return void sender.send(statusReply(request, 400, `The operation '${String(properties['operation'])}' is not supported.`));
  if (!catalog.hasEntity(entity)) return void sender.send(statusReply(request, 404, `The messaging entity '${entity}' could not be found.`));
  const partitionIds = Array.from({ length: PARTITION_COUNT }, (_, i) => String(i));
  if (type === 'com.microsoft:eventhub') {
    sender.send(statusReply(request, 200, 'OK', { name: entity, created_at: catalog.createdAt, partition_ids: partitionIds, georeplication_factor: 1 }));
    return;
  }
  if (type === 'com.microsoft:partition') {
    const partition = String(properties['partition'] ?? '');
    if (!partitionIds.includes(partition)) return void sender.send(statusReply(request, 400, `The specified partition '${partition}' is invalid.`));
    const info = catalog.store.info(entity, Number(partition));
    sender.send(
      statusReply(request, 200, 'OK', {
        name: entity,
        partition,
        begin_sequence_number: rhea.types.wrap_long(info.empty ? info.lastSeq + 1 : info.beginSeq),
        last_enqueued_sequence_number: rhea.types.wrap_long(info.lastSeq),
        last_enqueued_offset: String(info.lastOffset),
        last_enqueued_time_utc: new Date(info.lastEnqueuedMs),
        is_partition_empty: info.empty,
      }),
    );
    return;
  }
  sender.send(statusReply(request, 400, `The type '${type}' is not supported.`));
}
