import type { FleetFilter, Funnel, InventoryRow } from '../../../src-shared/contract/channels/timeline.ts';
import type { EventLog } from '../event-log/event-log.ts';
import type { ConsoleStore } from '../store/console-store.ts';
import { deviceTimeline, type DeviceTimeline } from './device-timeline.ts';
import { searchInventory, stuckDevices } from './fleet-queries.ts';
import { fleetFunnel } from './funnel-query.ts';
import { exportEvents, exportInventory } from './timeline-export.ts';
import { TIMELINE_MIGRATION } from './timeline-schema.ts';

const DAY_MS = 86_400_000;
const INVENTORY_EXPORT_LIMIT = 1_000_000;

/**
 * Everything that reads the event log: one device's timeline, the fleet funnel, stuck devices,
 * the inventory, exports and the retention setting. Reads per profile; writes only when retention
 * trims old events (the one deliberate exception to append-only, chosen by the operator).
 */
export class TimelineService {
  private readonly store: ConsoleStore;

  constructor(store: ConsoleStore, _eventLog: EventLog) {
    this.store = store;
    store.register(TIMELINE_MIGRATION);
  }

  device(profileId: string, id: string): DeviceTimeline {
    return deviceTimeline(this.db(profileId), profileId, id);
  }

  funnel(profileId: string, filter: FleetFilter): Funnel {
    return fleetFunnel(this.db(profileId), filter);
  }

  stuck(profileId: string, stage: 'notRegistered' | 'notConnected' | 'silent', olderThanMs: number, limit = 200): InventoryRow[] {
    return stuckDevices(this.db(profileId), stage, olderThanMs, limit);
  }

  inventory(profileId: string, options: { query?: string; since?: number; limit?: number }): { rows: InventoryRow[]; total: number } {
    return searchInventory(this.db(profileId), { ...options, limit: options.limit ?? 500 });
  }

  export(profileId: string, what: 'events' | 'inventory', format: 'jsonl' | 'csv', since?: number): { fileName: string; text: string; rows: number } {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const fileName = `${what}-${profileId}-${stamp}.${format}`;
    if (what === 'events') return { fileName, ...exportEvents(this.db(profileId), profileId, format, since) };
    const { rows } = searchInventory(this.db(profileId), { since, limit: INVENTORY_EXPORT_LIMIT });
    return { fileName, text: exportInventory(rows, format), rows: rows.length };
  }

  /** The retention in days (null: keep everything). */
  retentionDays(profileId: string): number | null {
    const row = this.db(profileId).prepare(`SELECT value FROM timeline_settings WHERE name = 'retentionDays'`).get() as { value: string } | undefined;
    return row ? Number(row.value) : null;
  }

  /** Sets (or, with null, clears) the retention and applies it now; returns how many events went. */
  setRetention(profileId: string, days: number | null): number {
    const db = this.db(profileId);
    if (days === null) db.prepare(`DELETE FROM timeline_settings WHERE name = 'retentionDays'`).run();
    else db.prepare(`INSERT INTO timeline_settings (name, value) VALUES ('retentionDays', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`).run(String(days));
    return this.applyRetention(profileId);
  }

  /**
   * Removes events older than the retention, and devices whose last event is older still (their
   * story is gone). Runs at start-up and whenever the setting changes.
   */
  applyRetention(profileId: string, now = Date.now()): number {
    const days = this.retentionDays(profileId);
    if (days === null) return 0;
    const cutoff = now - days * DAY_MS;
    const database = this.store.forProfile(profileId);
    return database.transaction(() => {
      const removed = Number(database.db.prepare('DELETE FROM events WHERE at < ?').run(cutoff).changes);
      database.db.prepare('DELETE FROM device_progress WHERE last_at < ?').run(cutoff);
      return removed;
    });
  }

  private db(profileId: string) {
    return this.store.forProfile(profileId).db;
  }
}
