import { createHash } from 'node:crypto';
import type { SandboxDatabase } from '../store/database.ts';

/** Partitions of every Event Hub-compatible entity (IoT Hub's default for a new hub is 4). */
export const PARTITION_COUNT = 4;

export interface RetentionSettings {
  /** Events older than this are dropped (IoT Hub's default retention is one day). */
  maxAgeMs: number;
  /** And at most this many per partition, so a busy bench does not fill the disk. */
  maxEventsPerPartition: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { maxAgeMs: 24 * 3600_000, maxEventsPerPartition: 200_000 };

/** One stored event: its place in its partition and the AMQP message exactly as it is delivered. */
export interface StoredEvent {
  seq: number;
  offset: number;
  enqueuedMs: number;
  /** The encoded AMQP message, annotations (sequence number, offset, enqueued time) included. */
  encoded: Buffer;
}

export interface PartitionInfo {
  beginSeq: number;
  lastSeq: number;
  lastOffset: number;
  lastEnqueuedMs: number;
  empty: boolean;
}

interface PartitionState {
  lastSeq: number;
  nextOffset: number;
  lastOffset: number;
  lastEnqueuedMs: number;
  beginSeq: number;
  /** The newest events, for live readers without a query per delivery. */
  tail: StoredEvent[];
}

const TAIL_SIZE = 4096;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hub_eh_events (
  hub TEXT NOT NULL,
  entity TEXT NOT NULL,
  partition INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL,
  enqueued_ms INTEGER NOT NULL,
  message BLOB NOT NULL,
  PRIMARY KEY (hub, entity, partition, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS hub_eh_events_time ON hub_eh_events (hub, entity, partition, enqueued_ms);
`;

/** Which partition a device's messages land in: a stable hash of the device id, as the hub does. */
export function partitionOf(key: string, count = PARTITION_COUNT): number {
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % count;
}

type Row = { seq: number | bigint; byte_offset: number | bigint; enqueued_ms: number | bigint; message: Uint8Array };
const toEvent = (row: Row): StoredEvent => ({ seq: Number(row.seq), offset: Number(row.byte_offset), enqueuedMs: Number(row.enqueued_ms), encoded: Buffer.from(row.message) });

/**
 * The events of one hub's Event Hub-compatible entities (the built-in `events` endpoint and any
 * named extra endpoints), partitioned and kept in the sandbox database: an event is acknowledged
 * to its sender only after the transaction that stored it commits, so a restart loses nothing
 * acknowledged. Retention is bounded by age and by count per partition.
 */
export class EventStore {
  private readonly db: SandboxDatabase;
  private readonly hub: string;
  readonly retention: RetentionSettings;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly listeners = new Set<(entity: string, partition: number) => void>();
  private readonly pruneTimer: NodeJS.Timeout;
  private readonly insert: ReturnType<SandboxDatabase['db']['prepare']>;
  private readonly readAfter: ReturnType<SandboxDatabase['db']['prepare']>;

  constructor(db: SandboxDatabase, hub: string, retention: RetentionSettings = DEFAULT_RETENTION) {
    this.db = db;
    this.hub = hub;
    this.retention = retention;
    db.db.exec(SCHEMA);
    this.insert = db.db.prepare('INSERT INTO hub_eh_events (hub, entity, partition, seq, byte_offset, enqueued_ms, message) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.readAfter = db.db.prepare('SELECT seq, byte_offset, enqueued_ms, message FROM hub_eh_events WHERE hub = ? AND entity = ? AND partition = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.pruneTimer = setInterval(() => this.prune(), 60_000);
    this.pruneTimer.unref();
  }

  private key(entity: string, partition: number): string {
    return `${entity}\u0000${partition}`;
  }

  private state(entity: string, partition: number): PartitionState {
    const key = this.key(entity, partition);
    let state = this.partitions.get(key);
    if (state) return state;
    const bounds = this.db.db
      .prepare('SELECT MIN(seq) AS first, MAX(seq) AS last FROM hub_eh_events WHERE hub = ? AND entity = ? AND partition = ?')
      .get(this.hub, entity, partition) as { first: number | null; last: number | null };
    const last = bounds.last === null ? null : toEvent(this.db.db.prepare('SELECT * FROM hub_eh_events WHERE hub = ? AND entity = ? AND partition = ? AND seq = ?').get(this.hub, entity, partition, bounds.last) as Row);
    state = {
      lastSeq: last ? last.seq : -1,
      lastOffset: last ? last.offset : -1,
      nextOffset: last ? last.offset + last.encoded.length : 0,
      lastEnqueuedMs: last ? last.enqueuedMs : 0,
      beginSeq: bounds.first === null ? 0 : Number(bounds.first),
      tail: [],
    };
    this.partitions.set(key, state);
    return state;
  }

  /**
   * Stores one event inside the caller's transaction. `encode` gets the event's sequence number,
   * offset and enqueued time and returns the AMQP message bytes. Readers hear of it after COMMIT.
   */
  append(entity: string, partition: number, enqueuedMs: number, encode: (seq: number, offset: number) => Buffer): StoredEvent {
    const state = this.state(entity, partition);
    const seq = state.lastSeq + 1;
    const offset = state.nextOffset;
    const encoded = encode(seq, offset);
    this.insert.run(this.hub, entity, partition, seq, offset, enqueuedMs, encoded);
    const event: StoredEvent = { seq, offset, enqueuedMs, encoded };
    state.lastSeq = seq;
    state.lastOffset = offset;
    state.nextOffset = offset + encoded.length;
    state.lastEnqueuedMs = enqueuedMs;
    // Counters move now so the next append in this transaction numbers on; a rolled-back event
    // leaves a gap in the sequence, which readers (always "after seq N") never notice.
    this.db.afterCommit(() => {
      state.tail.push(event);
      // Trimmed in bulk: a splice per event would copy the whole tail each time.
      if (state.tail.length > 2 * TAIL_SIZE) state.tail = state.tail.slice(-TAIL_SIZE);
      for (const listener of this.listeners) listener(entity, partition);
    });
    return event;
  }

  /** Events with seq > afterSeq, oldest first, at most `limit`. */
  read(entity: string, partition: number, afterSeq: number, limit: number): StoredEvent[] {
    const state = this.state(entity, partition);
    const first = state.tail[0];
    if (first && first.seq <= afterSeq + 1) {
      const start = afterSeq + 1 - first.seq;
      return state.tail.slice(start, start + limit);
    }
    const rows = this.readAfter.all(this.hub, entity, partition, afterSeq, limit) as Row[];
    return rows.map(toEvent);
  }

  /** The sequence number a reader starts after, for a position given as offset or enqueued time. */
  seqBeforeOffset(entity: string, partition: number, offset: number, inclusive: boolean): number {
    const row = this.db.db
      .prepare(`SELECT MIN(seq) AS seq FROM hub_eh_events WHERE hub = ? AND entity = ? AND partition = ? AND byte_offset ${inclusive ? '>=' : '>'} ?`)
      .get(this.hub, entity, partition, offset) as { seq: number | null };
    return row.seq === null ? this.info(entity, partition).lastSeq : Number(row.seq) - 1;
  }

  seqBeforeTime(entity: string, partition: number, enqueuedMs: number, inclusive: boolean): number {
    const row = this.db.db
      .prepare(`SELECT MIN(seq) AS seq FROM hub_eh_events WHERE hub = ? AND entity = ? AND partition = ? AND enqueued_ms ${inclusive ? '>=' : '>'} ?`)
      .get(this.hub, entity, partition, enqueuedMs) as { seq: number | null };
    return row.seq === null ? this.info(entity, partition).lastSeq : Number(row.seq) - 1;
  }

  info(entity: string, partition: number): PartitionInfo {
    const state = this.state(entity, partition);
    return { beginSeq: state.beginSeq, lastSeq: state.lastSeq, lastOffset: state.lastOffset, lastEnqueuedMs: state.lastEnqueuedMs, empty: state.lastSeq < state.beginSeq };
  }

  /** Called after a commit that added events to (entity, partition). */
  onAppend(listener: (entity: string, partition: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops events past retention (age, then count per partition). */
  prune(now = Date.now()): void {
    try {
      this.db.transaction(() => {
        this.db.db.prepare('DELETE FROM hub_eh_events WHERE hub = ? AND enqueued_ms < ?').run(this.hub, now - this.retention.maxAgeMs);
        const groups = this.db.db.prepare('SELECT entity, partition, MAX(seq) AS last FROM hub_eh_events WHERE hub = ? GROUP BY entity, partition').all(this.hub) as { entity: string; partition: number; last: number }[];
        for (const group of groups) {
          this.db.db.prepare('DELETE FROM hub_eh_events WHERE hub = ? AND entity = ? AND partition = ? AND seq <= ?').run(this.hub, group.entity, group.partition, Number(group.last) - this.retention.maxEventsPerPartition);
        }
      });
    } catch {
      // A busy database prunes on the next tick.
      return;
    }
    for (const [key, state] of this.partitions) {
      const [entity, partition] = key.split('\u0000') as [string, string];
      const row = this.db.db.prepare('SELECT MIN(seq) AS first FROM hub_eh_events WHERE hub = ? AND entity = ? AND partition = ?').get(this.hub, entity, Number(partition)) as { first: number | null };
      state.beginSeq = row.first === null ? state.lastSeq + 1 : Number(row.first);
      state.tail = state.tail.filter((event) => event.seq >= state.beginSeq);
    }
  }

  close(): void {
    clearInterval(this.pruneTimer);
  }
}
