import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { FUNNEL_STAGES, type FleetFilter, type Funnel, type InventoryRow } from '../../../src-shared/contract/channels/timeline.ts';
import { percentiles, toInventoryRow, type ProgressRow } from './inventory-row.ts';

/** Upper bounds (ms) of the time-to-provision chart's bars; the last bar holds the rest. */
const HISTOGRAM_BOUNDS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 86_400_000, Number.MAX_SAFE_INTEGER];

const STAGE_COLUMNS = ['enrolled_at', 'registered_at', 'connected_at', 'first_telemetry_at', 'status_reported_at'] as const;

function whereOf(filter: FleetFilter): { sql: string; args: SQLInputValue[] } {
  const clauses: string[] = [];
  const args: SQLInputValue[] = [];
  const add = (clause: string, value: SQLInputValue) => {
    clauses.push(clause);
    args.push(value);
  };
  if (filter.since !== undefined) add('first_at >= ?', filter.since);
  if (filter.hubHost) add('hub_host = ? COLLATE NOCASE', filter.hubHost);
  if (filter.customer) add('customer = ? COLLATE NOCASE', filter.customer);
  if (filter.enrollmentGroup) add('enrollment_group = ?', filter.enrollmentGroup);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', args };
}

/**
 * The funnel enrolled → registered → connected → first telemetry → status reported over the
 * devices the filter picks. A device counts at a stage when it reached that stage or a later one
 * (a group member has no enrollment event of its own, yet it was enrolled once it registered).
 */
export function fleetFunnel(db: DatabaseSync, filter: FleetFilter): Funnel {
  const where = whereOf(filter);
  const rows = db
    .prepare(`SELECT enrolled_at, registered_at, connected_at, first_telemetry_at, status_reported_at, failed_at, first_at FROM device_progress ${where.sql}`)
    .all(...where.args) as unknown as Array<Record<(typeof STAGE_COLUMNS)[number] | 'failed_at' | 'first_at', number | null>>;
  const counts = new Array<number>(STAGE_COLUMNS.length).fill(0);
  const gaps: number[][] = STAGE_COLUMNS.slice(1).map(() => []);
  const provision: number[] = [];
  let failed = 0;
  for (const row of rows) {
    let furthest = -1;
    for (let i = 0; i < STAGE_COLUMNS.length; i++) if (row[STAGE_COLUMNS[i]!] !== null) furthest = i;
    for (let i = 0; i <= furthest; i++) counts[i]!++;
    for (let i = 1; i < STAGE_COLUMNS.length; i++) {
      const from = row[STAGE_COLUMNS[i - 1]!];
      const to = row[STAGE_COLUMNS[i]!];
      if (from != null && to != null) gaps[i - 1]!.push(Math.max(0, to - from));
    }
    if (row.status_reported_at !== null) provision.push(Math.max(0, row.status_reported_at - (row.enrolled_at ?? row.first_at!)));
    if (row.failed_at !== null && row.registered_at === null) failed++;
  }
  const histogram = HISTOGRAM_BOUNDS.map((upToMs) => ({ upToMs, count: 0 }));
  for (const ms of provision) histogram.find((bar) => ms <= bar.upToMs)!.count++;
  return {
    total: rows.length,
    stages: FUNNEL_STAGES.map((stage, i) => ({ stage, count: counts[i]! })),
    transitions: FUNNEL_STAGES.slice(1).map((to, i) => ({ from: FUNNEL_STAGES[i]!, to, ms: percentiles(gaps[i]!) })),
    failed,
    timeToProvision: { ms: percentiles(provision), histogram },
  };
}

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
 * Devices whose serial number, customer, registration id or device id starts with `query`
 * (case-insensitive), seen since `since`; newest first. No query lists every device.
 */
export function searchInventory(db: DatabaseSync, options: { query?: string; since?: number; limit: number }): { rows: InventoryRow[]; total: number } {
  const clauses: string[] = [];
  const args: SQLInputValue[] = [];
  const query = options.query?.trim();
  if (query) {
    const prefix = `${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push(`(serial_number LIKE ? ESCAPE '\\' OR customer LIKE ? ESCAPE '\\' OR registration_id LIKE ? ESCAPE '\\' OR device_id LIKE ? ESCAPE '\\')`);
    args.push(prefix, prefix, prefix, prefix);
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
