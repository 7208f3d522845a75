import type { ConnectionView } from '../device-json.ts';
import { presentTwin } from '../device-json.ts';
import type { DeviceStore } from '../device-store.ts';
import { badRequest } from '../service-error.ts';
import { GroupCounter, matches, project } from './query-evaluator.ts';
import type { Query } from './query-parser.ts';
import { QuerySyntaxError, parseQuery } from './query-parser.ts';
import type { PrefilterContext } from './query-prefilter.ts';
import { prefilterFor } from './query-prefilter.ts';
import { columnsFor } from './query-columns.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface Cursor {
  /** Last device id returned (streamed queries). */
  a?: string;
  /** Last (job id, device id) returned (devices.jobs). */
  j?: [string, string];
  /** Rows returned so far (TOP) or the offset into aggregated rows. */
  n: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(token: string | undefined): Cursor {
  if (!token) return { n: 0 };
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.n !== 'number' || (cursor.a !== undefined && typeof cursor.a !== 'string')) throw new Error('shape');
    if (cursor.j !== undefined && !(Array.isArray(cursor.j) && cursor.j.length === 2 && cursor.j.every((part) => typeof part === 'string'))) throw new Error('shape');
    return cursor;
  } catch {
    throw badRequest('The continuation token is not one this hub issued.', 'InvalidContinuationToken');
  }
}

export function compileQuery(text: unknown): Query {
  if (typeof text !== 'string' || text.trim() === '') throw badRequest('The body must be {"query": "SELECT … FROM devices …"}.');
  try {
    return parseQuery(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw badRequest(error.message, 'BadRequest');
    throw error;
  }
}

export interface QueryPage {
  items: unknown[];
  continuation: string | null;
}

/**
 * Runs a query page by page over the device table in id order: the SQL prefilter narrows the
 * rows, the evaluator decides, and a page stops as soon as it is full (no full scan for page 1).
 */
export function executeQuery(
  store: DeviceStore,
  connectionOf: (deviceId: string) => ConnectionView,
  query: Query,
  pageSize: number,
  continuation: string | undefined,
  context?: PrefilterContext,
): QueryPage {
  const cursor = decodeCursor(continuation);
  const prefilter = prefilterFor(query.where, context);
  const aggregate = query.groupBy.length > 0 || (query.select !== '*' && query.select.some((s) => s.kind === 'count'));
  const batchSize = Math.min(2000, Math.max(200, pageSize * 2));

  if (aggregate) {
    const counter = new GroupCounter(query);
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const batch = store.scan(after, batchSize, prefilter, columnsFor(query, false));
      for (const record of batch) {
        const doc = presentTwin(record, connectionOf(record.deviceId));
        if (matches(query, doc)) {
          counter.add(doc);
          total++;
        }
      }
      if (batch.length < batchSize) break;
      after = (batch.at(-1) as { deviceId: string }).deviceId;
    }
    let rows = counter.rows();
    // COUNT() without GROUP BY over no devices is still one row with 0.
    if (rows.length === 0 && query.groupBy.length === 0 && total === 0 && query.select !== '*') {
      rows = [Object.fromEntries(query.select.filter((s) => s.kind === 'count').map((s) => [s.alias, 0]))];
    }
    if (query.top !== null) rows = rows.slice(0, query.top);
    const items = rows.slice(cursor.n, cursor.n + pageSize);
    const next = cursor.n + items.length;
    return { items, continuation: next < rows.length ? encodeCursor({ n: next }) : null };
  }

  const limit = query.top === null ? pageSize : Math.min(pageSize, query.top - cursor.n);
  const evaluationColumns = columnsFor(query, false);
  const items: unknown[] = [];
  let after = cursor.a ?? null;
  let lastReturned: string | null = null;
  let exhausted = false;
  while (items.length < limit) {
    const batch = store.scan(after, batchSize, prefilter, evaluationColumns);
    for (const record of batch) {
      const connection = connectionOf(record.deviceId);
      const doc = presentTwin(record, connection);
      if (!matches(query, doc)) continue;
      // SELECT * returns whole twins: only the matches are read in full.
      const full = query.select === '*' && evaluationColumns ? store.get(record.deviceId) : record;
      if (!full) continue;
      items.push(project(query.select, full === record ? doc : presentTwin(full, connection)));
      lastReturned = record.deviceId;
      if (items.length >= limit) break;
    }
    if (batch.length < batchSize) {
      exhausted = items.length < limit || lastReturned === (batch.at(-1)?.deviceId ?? null);
      break;
    }
    after = (batch.at(-1) as { deviceId: string }).deviceId;
  }
  const emitted = cursor.n + items.length;
  const more = !exhausted && items.length >= limit && lastReturned !== null && (query.top === null || emitted < query.top);
  return { items, continuation: more ? encodeCursor({ a: lastReturned as string, n: emitted }) : null };
}
