import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { FUNNEL_STAGES, type FleetFilter, type Funnel } from '../../../src-shared/contract/channels/timeline.ts';

/** Upper bounds (ms) of the time-to-provision chart's bars; the last bar holds the rest. */
const HISTOGRAM_BOUNDS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 86_400_000, Number.MAX_SAFE_INTEGER];

const STAGE_COLUMNS = ['enrolled_at', 'registered_at', 'connected_at', 'first_telemetry_at', 'status_reported_at'] as const;

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

/** Nearest-rank percentiles of the first `length` values of `values` (sorted in place). */
function percentilesOf(values: Float64Array, length: number): Percentiles {
  if (length === 0) return { count: 0, p50: null, p90: null, p99: null, max: null };
  const sorted = values.subarray(0, length).sort();
  const at = (p: number) => sorted[Math.min(length - 1, Math.max(0, Math.ceil(p * length) - 1))]!;
  return { count: length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[length - 1]! };
}

/**
 * The funnel enrolled → registered → connected → first telemetry → status reported over the
 * devices the filter picks: one scan of the read model, its rows as arrays (not objects), the
 * durations in typed arrays, so 100,000 devices cost a few hundred milliseconds. A device counts
 * at a stage when it reached that stage or a later one (a group member has no enrollment event of
 * its own, yet it was enrolled once it registered). Percentiles are exact (nearest rank).
 */
export function fleetFunnel(db: DatabaseSync, filter: FleetFilter): Funnel {
  const where = fleetWhere(filter);
  const statement = db.prepare(`SELECT ${STAGE_COLUMNS.join(', ')}, failed_at, first_at FROM device_progress WHERE ${where.sql}`);
  statement.setReturnArrays(true);
  const rows = statement.all(...where.args) as unknown as Array<Array<number | null>>;
  const stages = STAGE_COLUMNS.length;
  const counts = new Array<number>(stages).fill(0);
  // One buffer per duration series: stage i → i + 1, then enrolled (or first seen) → status reported.
  const series = Array.from({ length: stages }, () => new Float64Array(rows.length));
  const lengths = new Array<number>(stages).fill(0);
  const histogram = HISTOGRAM_BOUNDS.map((upToMs) => ({ upToMs, count: 0 }));
  let failed = 0;
  for (const row of rows) {
    let furthest = -1;
    for (let i = 0; i < stages; i++) {
      const to = row[i];
      if (to === null || to === undefined) continue;
      furthest = i;
      const from = i > 0 ? row[i - 1] : null;
      if (from !== null && from !== undefined) series[i - 1]![lengths[i - 1]!++] = Math.max(0, to - from);
    }
    for (let i = 0; i <= furthest; i++) counts[i]!++;
    const reported = row[stages - 1];
    if (reported !== null && reported !== undefined) {
      const ms = Math.max(0, reported - (row[0] ?? row[stages + 1]!));
      series[stages - 1]![lengths[stages - 1]!++] = ms;
      histogram.find((bar) => ms <= bar.upToMs)!.count++;
    }
    if (row[stages] !== null && row[1] === null) failed++;
  }
  return {
    total: rows.length,
    stages: FUNNEL_STAGES.map((stage, i) => ({ stage, count: counts[i]! })),
    transitions: FUNNEL_STAGES.slice(1).map((to, i) => ({ from: FUNNEL_STAGES[i]!, to, ms: percentilesOf(series[i]!, lengths[i]!) })),
    failed,
    timeToProvision: { ms: percentilesOf(series[stages - 1]!, lengths[stages - 1]!), histogram },
  };
}
