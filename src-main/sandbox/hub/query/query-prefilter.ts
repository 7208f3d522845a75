import type { Expr } from './query-parser.ts';

/** A SQL condition over hub_devices rows that keeps at least every row the query matches. */
export interface Prefilter {
  sql: string;
  params: (string | number)[];
}

const SECTION_COLUMNS: Record<string, string> = { tags: 'tags', 'properties.desired': 'desired', 'properties.reported': 'reported' };
const SAFE_SEGMENT = /^[A-Za-z0-9_-]+$/;

/** The column expression for a path, or null when only the evaluator can read it. */
function columnFor(segments: string[]): { sql: string; params: string[] } | null {
  if (segments.length === 1 && segments[0] === 'deviceId') return { sql: 'device_id', params: [] };
  if (segments.length === 1 && segments[0] === 'status') return { sql: 'status', params: [] };
  for (const [prefix, column] of Object.entries(SECTION_COLUMNS)) {
    const head = prefix.split('.');
    if (segments.length <= head.length || !head.every((h, i) => segments[i] === h)) continue;
    const rest = segments.slice(head.length);
    if (!rest.every((s) => SAFE_SEGMENT.test(s))) return null;
    return { sql: `json_extract(${column}, ?)`, params: [`$.${rest.map((s) => `"${s}"`).join('.')}`] };
  }
  return null;
}

const ALL: Prefilter = { sql: '1', params: [] };
const literalOf = (e: Expr) => (e.kind === 'literal' && (typeof e.value === 'string' || typeof e.value === 'number') ? e.value : undefined);

/**
 * Pushes the selective parts of a WHERE clause down to SQLite (json_extract), so a tag query
 * over 100k devices reads only candidate rows. Anything it cannot translate becomes "true":
 * the result is a superset, and the evaluator decides exactly.
 */
export interface PrefilterContext {
  /** Devices connected right now (connection state lives in memory, not in the table). */
  connectedIds(): string[];
}

/** Above this many connected devices an IN list stops paying for itself. */
const CONNECTED_IN_LIMIT = 2000;

export function prefilterFor(expr: Expr | null, context?: PrefilterContext): Prefilter {
  if (!expr) return ALL;
  switch (expr.kind) {
    case 'and': {
      const l = prefilterFor(expr.left, context);
      const r = prefilterFor(expr.right, context);
      if (l === ALL) return r;
      if (r === ALL) return l;
      return { sql: `(${l.sql}) AND (${r.sql})`, params: [...l.params, ...r.params] };
    }
    case 'or': {
      const l = prefilterFor(expr.left, context);
      const r = prefilterFor(expr.right, context);
      if (l === ALL || r === ALL) return ALL;
      return { sql: `(${l.sql}) OR (${r.sql})`, params: [...l.params, ...r.params] };
    }
    case 'compare': {
      if (expr.op === '!=') return ALL;
      const [pathSide, literalSide, op] =
        expr.left.kind === 'path' ? [expr.left, expr.right, expr.op] : [expr.right, expr.left, flip(expr.op)];
      if (pathSide.kind !== 'path') return ALL;
      if (context && op === '=' && pathSide.segments.join('.') === 'connectionState' && literalOf(literalSide) === 'Connected') {
        const ids = context.connectedIds();
        if (ids.length > CONNECTED_IN_LIMIT) return ALL;
        return ids.length === 0 ? { sql: '0', params: [] } : { sql: `device_id IN (${ids.map(() => '?').join(', ')})`, params: ids };
      }
      const column = columnFor(pathSide.segments);
      const literal = literalOf(literalSide);
      if (!column || literal === undefined) return ALL;
      return { sql: `${column.sql} ${op} ?`, params: [...column.params, literal] };
    }
    case 'in': {
      if (expr.negated || expr.operand.kind !== 'path') return ALL;
      const column = columnFor(expr.operand.segments);
      const literals = expr.list.map(literalOf);
      if (!column || literals.length === 0 || literals.some((l) => l === undefined)) return ALL;
      return { sql: `${column.sql} IN (${literals.map(() => '?').join(', ')})`, params: [...column.params, ...(literals as (string | number)[])] };
    }
    case 'call': {
      const [first, second] = expr.args;
      if (first?.kind !== 'path') return ALL;
      const column = columnFor(first.segments);
      if (!column) return ALL;
      if (expr.name === 'IS_DEFINED') {
        if (!column.sql.startsWith('json_extract')) return ALL;
        return { sql: column.sql.replace('json_extract', 'json_type') + ' IS NOT NULL', params: column.params };
      }
      const text = second ? literalOf(second) : undefined;
      if (typeof text !== 'string' || text === '') return ALL;
      if (expr.name === 'STARTSWITH') return { sql: `substr(${column.sql}, 1, ?) = ?`, params: [...column.params, text.length, text] };
      if (expr.name === 'ENDSWITH') return { sql: `substr(${column.sql}, -?) = ?`, params: [...column.params, text.length, text] };
      return ALL;
    }
    default:
      return ALL;
  }
}

function flip(op: string): string {
  return op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
}
