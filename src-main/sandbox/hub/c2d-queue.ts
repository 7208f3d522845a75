import type { SandboxDatabase } from '../store/database.ts';
import { HubServiceError } from './service-error.ts';

/** Up to 50 messages wait per device, as the service's queue does. */
export const C2D_QUEUE_MAX = 50;

export interface C2dMessage {
  id: number;
  payload: Buffer;
  topicBag: string;
  /** When the hub accepted it (ISO time). */
  createdTime?: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hub_c2d (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hub TEXT NOT NULL,
  device_id TEXT NOT NULL,
  payload BLOB NOT NULL,
  topic_bag TEXT NOT NULL,
  created_time TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS hub_c2d_device ON hub_c2d (hub, device_id, id);
`;

/**
 * Cloud-to-device messages waiting for their device, in sqlite: a send the sandbox API
 * acknowledged survives a crash until the device has been sent it. Counts are kept in memory so
 * a query over 100k twins can show cloudToDeviceMessageCount without a lookup per row.
 */
export class CloudToDeviceQueue {
  private readonly db: SandboxDatabase;
  private readonly hub: string;
  private readonly counts = new Map<string, number>();
  private readonly deliveredListeners = new Set<(deviceId: string, message: C2dMessage) => void>();

  constructor(db: SandboxDatabase, hub: string) {
    this.db = db;
    this.hub = hub;
    db.db.exec(SCHEMA);
    const rows = db.db.prepare('SELECT device_id, COUNT(*) AS n FROM hub_c2d WHERE hub = ? GROUP BY device_id').all(hub) as { device_id: string; n: number }[];
    for (const row of rows) this.counts.set(String(row.device_id), Number(row.n));
  }

  count(deviceId: string): number {
    return this.counts.get(deviceId) ?? 0;
  }

  enqueue(deviceId: string, payload: Buffer, topicBag: string): void {
    if (this.count(deviceId) >= C2D_QUEUE_MAX) {
      throw new HubServiceError(403, 'DeviceMaximumQueueDepthExceeded', `Device ${deviceId} already has ${C2D_QUEUE_MAX} messages waiting.`);
    }
    this.db.transaction(() => {
      this.db.db.prepare('INSERT INTO hub_c2d (hub, device_id, payload, topic_bag, created_time) VALUES (?, ?, ?, ?, ?)').run(this.hub, deviceId, payload, topicBag, new Date().toISOString());
    });
    this.counts.set(deviceId, this.count(deviceId) + 1);
  }

  pending(deviceId: string): C2dMessage[] {
    const rows = this.db.db.prepare('SELECT id, payload, topic_bag, created_time FROM hub_c2d WHERE hub = ? AND device_id = ? ORDER BY id').all(this.hub, deviceId) as {
      id: number;
      payload: Uint8Array;
      topic_bag: string;
      created_time: string;
    }[];
    return rows.map((r) => ({ id: Number(r.id), payload: Buffer.from(r.payload), topicBag: String(r.topic_bag), createdTime: String(r.created_time) }));
  }

  /** Forgets a message once the device has acknowledged it (MQTT PUBACK: the service's "completed"). */
  delivered(deviceId: string, id: number, message?: C2dMessage): void {
    const changes = Number(this.db.db.prepare('DELETE FROM hub_c2d WHERE hub = ? AND id = ?').run(this.hub, id).changes);
    if (changes > 0) this.counts.set(deviceId, Math.max(0, this.count(deviceId) - 1));
    if (changes > 0 && message) for (const listener of this.deliveredListeners) listener(deviceId, message);
  }

  /** Hears each message a device completed (delivery feedback is built from it). */
  onDelivered(listener: (deviceId: string, message: C2dMessage) => void): void {
    this.deliveredListeners.add(listener);
  }

  dropDevice(deviceId: string): void {
    this.db.db.prepare('DELETE FROM hub_c2d WHERE hub = ? AND device_id = ?').run(this.hub, deviceId);
    this.counts.delete(deviceId);
  }
}
