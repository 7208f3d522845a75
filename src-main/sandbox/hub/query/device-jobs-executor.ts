import { presentDeviceJob } from '../jobs/device-job-view.ts';
import type { DeviceJobFilter, DeviceJobRow } from '../jobs/job-store.ts';
import { matches } from './query-evaluator.ts';
import type { Expr, Query } from './query-parser.ts';
import type { QueryPage } from './query-executor.ts';
import { decodeCursor, encodeCursor } from './query-executor.ts';

/** Where devices.jobs rows come from (the hub's JobStore). */
export interface DeviceJobSource {
  scanDeviceJobs(after: [string, string] | null, limit: number, filter?: DeviceJobFilter): DeviceJobRow[];
}

const PUSHED: Record<string, keyof DeviceJobFilter> = { jobId: 'jobId', deviceId: 'deviceId', jobType: 'jobType' };

/**
 * The `field = 'text'` conjuncts of a WHERE over jobId, deviceId or jobType, which the scan
 * narrows by in SQL; the evaluator still decides every row exactly.
 */
export function deviceJobFilterFor(expr: Expr | null, filter: DeviceJobFilter = {}): DeviceJobFilter {
  if (!expr) return filter;
  if (expr.kind === 'and') return deviceJobFilterFor(expr.right, deviceJobFilterFor(expr.left, filter));
  if (expr.kind !== 'compare' || expr.op !== '=') return filter;
  const [path, literal] = expr.left.kind === 'path' ? [expr.left, expr.right] : [expr.right, expr.left];
  if (path.kind !== 'path' || literal.kind !== 'literal' || typeof literal.value !== 'string' || path.segments.length !== 1) return filter;
  const key = PUSHED[path.segments[0] as string];
  // Two different values for one field match nothing; the evaluator sees to that.
  if (key && filter[key] === undefined) return { ...filter, [key]: literal.value };
  return filter;
}

/** Runs `SELECT [TOP n] * FROM devices.jobs [WHERE …]` a page at a time in (job, device) order. */
export function executeDeviceJobsQuery(source: DeviceJobSource, query: Query, pageSize: number, continuation: string | undefined): QueryPage {
  const cursor = decodeCursor(continuation);
  const filter = deviceJobFilterFor(query.where);
  const limit = query.top === null ? pageSize : Math.min(pageSize, query.top - cursor.n);
  const batchSize = Math.min(2000, Math.max(200, pageSize * 2));
  const items: unknown[] = [];
  let after = cursor.j ?? null;
  let last: [string, string] | null = null;
  let exhausted = false;
  while (items.length < limit) {
    const batch = source.scanDeviceJobs(after, batchSize, filter);
    for (const row of batch) {
      const doc = presentDeviceJob(row);
      if (!matches(query, doc)) continue;
      items.push(doc);
      last = [row.jobId, row.deviceId];
      if (items.length >= limit) break;
    }
    const tail = batch.at(-1);
    if (batch.length < batchSize) {
      exhausted = items.length < limit || (tail !== undefined && last?.[0] === tail.jobId && last[1] === tail.deviceId);
      break;
    }
    after = [(tail as DeviceJobRow).jobId, (tail as DeviceJobRow).deviceId];
  }
  const emitted = cursor.n + items.length;
  const more = !exhausted && items.length >= limit && last !== null && (query.top === null || emitted < query.top);
  return { items, continuation: more ? encodeCursor({ j: last as [string, string], n: emitted }) : null };
}
