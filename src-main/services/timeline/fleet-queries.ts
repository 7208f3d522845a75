import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { InventoryRow } from '../../../src-shared/contract/channels/timeline.ts';
import { toInventoryRow, type ProgressRow } from './inventory-row.ts';

const STUCK_SQL = {
  notRegistered: 'registered_at IS NULL AND deleted_at IS NULL AND COALESCE(enrolled_at, attempted_at) IS NOT NULL AND COALESCE(enrolled_at, attempted_at) <= ?',
  notConnected: 'registered_at IS NOT NULL AND connected_at IS NULL AND deleted_at IS NULL AND registered_at <= ?',
  silent: 'connected_at IS NOT NULL AND first_telemetry_at IS NULL AND deleted_at IS NULL AND connected_at <= ?',
} as const;

/** Devices stuck at a stage for longer than `olderThanMs`: oldest first. */
export function stuckDevices(db: DatabaseSync, stage: keyof typeof STUCK_SQL, olderThanMs: number, limit: number, now = Date.now()): InventoryRow[] {
  const rows = db.prepare(`SELECT * FROM device_progress WHERE ${STUCK_SQL[stage]} ORDER BY first_at LIMIT ?`).all(now - olderThanMs, limit) as unknown as ProgressRow[];
  return rows.map(toInventoryRow);
}

/**
 * Devices whose serial number or customer (case-insensitive), registration id or device id
 * (as written) starts with `query`, seen since `since`; newest first. No query lists every device.
 */
export function searchInventory(db: DatabaseSync, options: { query?: string; since?: number; limit: number }): { rows: InventoryRow[]; total: number } {
  const clauses: string[] = [];
  const args: SQLInputValue[] = [];
  const query = options.query?.trim();
  if (query) {
    // Prefix ranges rather than LIKE, one per column in a UNION, so each column answers from its
    // own index (SQLite plans an OR of ranges as a full scan).
    const upper = `${query}\uffff`;
    const range = (column: string, collate = '') => `SELECT device_key FROM device_progress WHERE ${column} >= ?${collate} AND ${column} < ?${collate}`;
    clauses.push(`device_key IN (${[range('serial_number', ' COLLATE NOCASE'), range('customer', ' COLLATE NOCASE'), range('device_key'), range('device_id')].join(' UNION ')})`);
    args.push(query, upper, query, upper, query, upper, query, upper);
  }
  if (options.since !== undefined) {
    clauses.push('last_at >= ?');
    args.push(options.since);
  }
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM device_progress ${where}`).get(...args) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM device_progress ${where} ORDER BY last_at DESC LIMIT ?`).all(...args, options.limit) as unknown as ProgressRow[];
  return { rows: rows.map(toInventoryRow), total };
}

/** One device's progress row by registration id or device id. */
export function progressOf(db: DatabaseSync, id: string): ProgressRow | undefined {
  return (db.prepare('SELECT * FROM device_progress WHERE device_key = ?').get(id) ?? db.prepare('SELECT * FROM device_progress WHERE device_id = ? LIMIT 1').get(id)) as ProgressRow | undefined;
}
