import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { FUNNEL_STAGES, type FleetFilter, type Funnel } from '../../../src-shared/contract/channels/timeline.ts';

/** Upper bounds (ms) of the time-to-provision chart's bars; the last bar holds the rest. */
const HISTOGRAM_BOUNDS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 86_400_000, Number.MAX_SAFE_INTEGER];

const STAGE_COLUMNS = ['enrolled_at', 'registered_at', 'connected_at', 'first_telemetry_at', 'status_reported_at'] as const;

/** Durations the funnel reports: each stage to the next, then enrolled (or first seen) → status reported. */
const SERIES = [
  ...STAGE_COLUMNS.slice(1).map((to, i) => ({ d: `MAX(0, ${to} - ${STAGE_COLUMNS[i]})`, when: `${STAGE_COLUMNS[i]} IS NOT NULL AND ${to} IS NOT NULL` })),
  { d: 'MAX(0, status_reported_at - COALESCE(enrolled_at, first_at))', when: 'status_reported_at IS NOT NULL' },
];

/** Buckets per e-fold of duration: values within one bucket differ by under 0.5%. */
const BUCKETS_PER_E = 200;

export function fleetWhere(filter: FleetFilter): { sql: string; args: SQLInputValue[] } {
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
  return { sql: clauses.join(' AND ') || 'true', args };
}

type Percentiles = Funnel['timeToProvision']['ms'];

/** Nearest-rank percentiles from (bucket, count, lo, hi) rows in bucket order; a bucket's value is its highest (exact when lo = hi). */
function fromBuckets(buckets: Array<{ n: number; lo: number; hi: number }>): Percentiles {
  const count = buckets.reduce((sum, b) => sum + b.n, 0);
  if (count === 0) return { count: 0, p50: null, p90: null, p99: null, max: null };
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil(p * count));
    let seen = 0;
    for (const b of buckets) if ((seen += b.n) >= rank) return b.hi;
    return buckets.at(-1)!.hi;
  };
  return { count, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: buckets.at(-1)!.hi };
}

/**
 * The funnel enrolled → registered → connected → first telemetry → status reported over the
 * devices the filter picks, aggregated inside SQLite (two scans, no row reaches JavaScript). A
 * device counts at a stage when it reached that stage or a later one (a group member has no
 * enrollment event of its own, yet it was enrolled once it registered). Percentiles are exact
 * where durations repeat and within 0.5% otherwise.
 */
export function fleetFunnel(db: DatabaseSync, filter: FleetFilter): Funnel {
  const where = fleetWhere(filter);
  const reached = STAGE_COLUMNS.map((_, i) => `SUM(${STAGE_COLUMNS.slice(i).map((c) => `${c} IS NOT NULL`).join(' OR ')}) AS s${i}`);
  const provision = SERIES.at(-1)!;
  const bars = HISTOGRAM_BOUNDS.map((bound, i) => `SUM(${provision.when} AND ${provision.d} <= ${bound}) AS h${i}`);
  const totals = db
    .prepare(`SELECT COUNT(*) AS total, SUM(failed_at IS NOT NULL AND registered_at IS NULL) AS failed, ${[...reached, ...bars].join(', ')} FROM device_progress WHERE ${where.sql}`)
    .get(...where.args) as Record<string, number | null>;
  const union = SERIES.map((s, i) => `SELECT ${i} AS s, ${s.d} AS d FROM device_progress WHERE ${where.sql} AND ${s.when}`).join(' UNION ALL ');
  const rows = db
    .prepare(`SELECT s, CAST(ln(d + 1) * ${BUCKETS_PER_E} AS INTEGER) AS b, COUNT(*) AS n, MIN(d) AS lo, MAX(d) AS hi FROM (${union}) GROUP BY s, b ORDER BY s, b`)
    .all(...SERIES.flatMap(() => where.args)) as Array<{ s: number; n: number; lo: number; hi: number }>;
  const series = SERIES.map((_, i) => fromBuckets(rows.filter((r) => r.s === i)));
  let below = 0;
  const histogram = HISTOGRAM_BOUNDS.map((upToMs, i) => {
    const upTo = totals[`h${i}`] ?? 0;
    const count = upTo - below;
    below = upTo;
    return { upToMs, count };
  });
  return {
    total: totals.total ?? 0,
    stages: FUNNEL_STAGES.map((stage, i) => ({ stage, count: totals[`s${i}`] ?? 0 })),
    transitions: FUNNEL_STAGES.slice(1).map((to, i) => ({ from: FUNNEL_STAGES[i]!, to, ms: series[i]! })),
    failed: totals.failed ?? 0,
    timeToProvision: { ms: series.at(-1)!, histogram },
  };
}
