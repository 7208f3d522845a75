import type { SandboxDatabase } from '../store/database.ts';
import { parsePropertyBag } from './property-bag.ts';
import { HubServiceError } from './service-error.ts';

/** Up to 50 messages wait per device, as the service's queue does. */
export const C2D_QUEUE_MAX = 50;
/** The hub's default time to live for a message sent without an expiry, and the longest allowed. */
export const C2D_DEFAULT_TTL_MS = 60 * 60 * 1000;
export const C2D_MAX_TTL_MS = 48 * 60 * 60 * 1000;
/** IoT Hub's default maximum delivery count: explicit abandons past it dead-letter the message. */
export const C2D_MAX_DELIVERY_COUNT = 10;
/** setTimeout's ceiling; a later expiry re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface C2dMessage {
  id: number;
  payload: Buffer;
  topicBag: string;
  /** When the hub accepted it (ISO time). */
  createdTime?: string;
  /** When it expires undelivered (ISO time). */
  expiryTime?: string;
  /** Explicit abandons so far. */
  deliveryCount?: number;
}

/** How a message left the queue, in the feedback's statusCode words. */
export type C2dOutcome = 'Success' | 'Expired' | 'DeliveryCountExceeded' | 'Rejected';

/** A transport's answer that the device did not complete a message: abandon requeues it, reject dead-letters it. */
export class C2dSettlement extends Error {
  readonly outcome: 'abandon' | 'reject';
  constructor(outcome: 'abandon' | 'reject') {
    super(`the device ${outcome === 'abandon' ? 'abandoned' : 'rejected'} the message`);
    this.outcome = outcome;
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hub_c2d (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hub TEXT NOT NULL,
  device_id TEXT NOT NULL,
  payload BLOB NOT NULL,
  topic_bag TEXT NOT NULL,
  created_time TEXT NOT NULL,
  expiry_time TEXT,
  delivery_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS hub_c2d_device ON hub_c2d (hub, device_id, id);
`;

type Row = { id: number; device_id: string; payload: Uint8Array; topic_bag: string; created_time: string; expiry_time: string | null; delivery_count: number };

const fromRow = (r: Row): C2dMessage => ({
  id: Number(r.id),
  payload: Buffer.from(r.payload),
  topicBag: String(r.topic_bag),
  createdTime: String(r.created_time),
  ...(r.expiry_time === null ? {} : { expiryTime: String(r.expiry_time) }),
  deliveryCount: Number(r.delivery_count),
});

/** The message's expiry: the sender's `expiryTimeUtc` capped at 48 h, else the default 1 h. */
function expiryOf(topicBag: string, now: number): string {
  const asked = Date.parse(parsePropertyBag(topicBag).system['expiryTimeUtc'] ?? '');
  const expiry = Number.isNaN(asked) ? now + C2D_DEFAULT_TTL_MS : Math.min(asked, now + C2D_MAX_TTL_MS);
  return new Date(expiry).toISOString();
}

/**
 * Cloud-to-device messages waiting for their device, in sqlite: a send the sandbox API
 * acknowledged survives a crash until the device completes it, rejects it, abandons it too often,
 * or it expires. Counts are kept in memory so a query over 100k twins can show
 * cloudToDeviceMessageCount without a lookup per row; one timer waits for the earliest expiry.
 */
export class CloudToDeviceQueue {
  private readonly db: SandboxDatabase;
  private readonly hub: string;
  private readonly counts = new Map<string, number>();
  private readonly outcomeListeners = new Set<(deviceId: string, message: C2dMessage, outcome: C2dOutcome) => void>();
  private expiryTimer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private closed = false;

  constructor(db: SandboxDatabase, hub: string) {
    this.db = db;
    this.hub = hub;
    db.db.exec(SCHEMA);
    // Tables made before expiry and delivery counts were kept gain the columns (NULL: the default TTL from now).
    const columns = db.db.prepare('PRAGMA table_info(hub_c2d)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'expiry_time')) db.db.exec('ALTER TABLE hub_c2d ADD COLUMN expiry_time TEXT');
    if (!columns.some((c) => c.name === 'delivery_count')) db.db.exec('ALTER TABLE hub_c2d ADD COLUMN delivery_count INTEGER NOT NULL DEFAULT 0');
    db.db.prepare('UPDATE hub_c2d SET expiry_time = ? WHERE hub = ? AND expiry_time IS NULL').run(new Date(Date.now() + C2D_DEFAULT_TTL_MS).toISOString(), hub);
    db.db.exec('CREATE INDEX IF NOT EXISTS hub_c2d_expiry ON hub_c2d (hub, expiry_time)');
    const rows = db.db.prepare('SELECT device_id, COUNT(*) AS n FROM hub_c2d WHERE hub = ? GROUP BY device_id').all(hub) as { device_id: string; n: number }[];
    for (const row of rows) this.counts.set(String(row.device_id), Number(row.n));
    this.armExpiry();
  }

  count(deviceId: string): number {
    return this.counts.get(deviceId) ?? 0;
  }

  enqueue(deviceId: string, payload: Buffer, topicBag: string): void {
    if (this.count(deviceId) >= C2D_QUEUE_MAX) {
      throw new HubServiceError(403, 'DeviceMaximumQueueDepthExceeded', `Device ${deviceId} already has ${C2D_QUEUE_MAX} messages waiting.`);
    }
    const now = Date.now();
    const expiry = expiryOf(topicBag, now);
    this.db.transaction(() => {
      this.db.db
        .prepare('INSERT INTO hub_c2d (hub, device_id, payload, topic_bag, created_time, expiry_time) VALUES (?, ?, ?, ?, ?, ?)')
        .run(this.hub, deviceId, payload, topicBag, new Date(now).toISOString(), expiry);
    });
    this.counts.set(deviceId, this.count(deviceId) + 1);
    if (Date.parse(expiry) < this.armedFor) this.armExpiry();
  }

  /** The device's messages not yet expired, oldest first. */
  pending(deviceId: string): C2dMessage[] {
    const rows = this.db.db
      .prepare('SELECT id, device_id, payload, topic_bag, created_time, expiry_time, delivery_count FROM hub_c2d WHERE hub = ? AND device_id = ? AND (expiry_time IS NULL OR expiry_time > ?) ORDER BY id')
      .all(this.hub, deviceId, new Date().toISOString()) as Row[];
    return rows.map(fromRow);
  }

  /** The device completed the message (MQTT PUBACK, AMQP accepted, HTTPS DELETE): feedback `Success`. */
  delivered(deviceId: string, id: number, message?: C2dMessage): void {
    if (this.remove(deviceId, id) && message) this.emit(deviceId, message, 'Success');
  }

  /** The device rejected the message (AMQP rejected, HTTPS DELETE ?reject): dead-lettered, feedback `Rejected`. */
  reject(deviceId: string, id: number, message: C2dMessage): void {
    if (this.remove(deviceId, id)) this.emit(deviceId, message, 'Rejected');
  }

  /**
   * The device abandoned the message (AMQP released/modified, HTTPS POST …/abandon): back in the
   * queue with one more delivery; past the maximum it is dead-lettered with `DeliveryCountExceeded`.
   * Returns whether it is still queued.
   */
  abandon(deviceId: string, id: number, message: C2dMessage): boolean {
    const row = this.db.db.prepare('UPDATE hub_c2d SET delivery_count = delivery_count + 1 WHERE hub = ? AND id = ? RETURNING delivery_count').get(this.hub, id) as
      | { delivery_count: number }
      | undefined;
    if (!row) return false;
    if (Number(row.delivery_count) <= C2D_MAX_DELIVERY_COUNT) return true;
    if (this.remove(deviceId, id)) this.emit(deviceId, { ...message, deliveryCount: Number(row.delivery_count) }, 'DeliveryCountExceeded');
    return false;
  }

  /** Hears how each message left the queue (delivery feedback is built from it). */
  onOutcome(listener: (deviceId: string, message: C2dMessage, outcome: C2dOutcome) => void): void {
    this.outcomeListeners.add(listener);
  }

  dropDevice(deviceId: string): void {
    this.db.db.prepare('DELETE FROM hub_c2d WHERE hub = ? AND device_id = ?').run(this.hub, deviceId);
    this.counts.delete(deviceId);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.expiryTimer);
  }

  private remove(deviceId: string, id: number): boolean {
    const changes = Number(this.db.db.prepare('DELETE FROM hub_c2d WHERE hub = ? AND id = ?').run(this.hub, id).changes);
    if (changes > 0) this.counts.set(deviceId, Math.max(0, this.count(deviceId) - 1));
    return changes > 0;
  }

  private emit(deviceId: string, message: C2dMessage, outcome: C2dOutcome): void {
    for (const listener of this.outcomeListeners) listener(deviceId, message, outcome);
  }

  /** One timer for the earliest expiry in the hub (an index lookup), not a poll of every row. */
  private armExpiry(): void {
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.armedFor = Infinity;
    if (this.closed) return;
    const row = this.db.db.prepare('SELECT MIN(expiry_time) AS next FROM hub_c2d WHERE hub = ?').get(this.hub) as { next: string | null };
    if (row.next === null) return;
    this.armedFor = Date.parse(row.next);
    const delay = Math.max(0, Math.min(this.armedFor - Date.now(), MAX_TIMER_MS));
    this.expiryTimer = setTimeout(() => this.sweepExpired(), delay);
    this.expiryTimer.unref();
  }

  private sweepExpired(): void {
    if (this.closed) return;
    const now = new Date().toISOString();
    const rows = this.db.db
      .prepare('SELECT id, device_id, payload, topic_bag, created_time, expiry_time, delivery_count FROM hub_c2d WHERE hub = ? AND expiry_time <= ? ORDER BY expiry_time LIMIT 1000')
      .all(this.hub, now) as Row[];
    for (const row of rows) {
      const deviceId = String(row.device_id);
      if (this.remove(deviceId, Number(row.id))) this.emit(deviceId, fromRow(row), 'Expired');
    }
    this.armExpiry();
  }
}
