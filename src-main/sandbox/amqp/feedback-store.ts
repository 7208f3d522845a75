import type { SandboxDatabase } from '../store/database.ts';

/** One delivery outcome in the documented IoT Hub feedback format. */
export interface FeedbackRecord {
  originalMessageId: string;
  description: string;
  deviceGenerationId: string;
  deviceId: string;
  enqueuedTimeUtc: string;
  statusCode: 'Success' | 'Expired' | 'DeliveryCountExceeded' | 'Rejected' | 'Purged';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hub_c2d_feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hub TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS hub_c2d_feedback_hub ON hub_c2d_feedback (hub, id);
`;

/** At most this many records wait; the oldest go first, as the service's feedback queue expires them. */
const MAX_WAITING = 10_000;

/**
 * Delivery feedback waiting for the service's feedback receiver (`/messages/serviceBound/feedback`),
 * in sqlite: an outcome is removed only when the receiver accepts the batch that carried it.
 */
export class FeedbackStore {
  private readonly db: SandboxDatabase;
  private readonly hub: string;
  private readonly listeners = new Set<() => void>();

  constructor(db: SandboxDatabase, hub: string) {
    this.db = db;
    this.hub = hub;
    db.db.exec(SCHEMA);
  }

  add(record: FeedbackRecord): void {
    this.db.transaction(() => {
      this.db.db.prepare('INSERT INTO hub_c2d_feedback (hub, record) VALUES (?, ?)').run(this.hub, JSON.stringify(record));
      this.db.db.prepare('DELETE FROM hub_c2d_feedback WHERE hub = ? AND id <= (SELECT MAX(id) FROM hub_c2d_feedback WHERE hub = ?) - ?').run(this.hub, this.hub, MAX_WAITING);
    });
    this.db.afterCommit(() => {
      for (const listener of this.listeners) listener();
    });
  }

  /** The oldest waiting records not already out in another batch, at most `limit`. */
  next(exclude: Set<number>, limit: number): { ids: number[]; records: FeedbackRecord[] } {
    const rows = this.db.db.prepare('SELECT id, record FROM hub_c2d_feedback WHERE hub = ? ORDER BY id LIMIT ?').all(this.hub, limit + exclude.size) as { id: number; record: string }[];
    const fresh = rows.filter((row) => !exclude.has(Number(row.id))).slice(0, limit);
    return { ids: fresh.map((row) => Number(row.id)), records: fresh.map((row) => JSON.parse(String(row.record)) as FeedbackRecord) };
  }

  remove(ids: number[]): void {
    if (ids.length === 0) return;
    this.db.transaction(() => {
      const statement = this.db.db.prepare('DELETE FROM hub_c2d_feedback WHERE hub = ? AND id = ?');
      for (const id of ids) statement.run(this.hub, id);
    });
  }

  onAdd(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
