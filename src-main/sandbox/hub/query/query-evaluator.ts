import type { Expr, Query, SelectItem } from './query-parser.ts';

type Doc = Record<string, unknown>;

/** Reads a dotted path; undefined when any step is missing (the language's "not defined"). */
export function readPath(doc: unknown, segments: string[]): unknown {
  let node = doc;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Doc)[segment];
  }
  return node;
}

function value(expr: Expr, doc: Doc): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'path':
      return readPath(doc, expr.segments);
    default:
      return test(expr, doc);
  }
}

function compare(op: string, a: unknown, b: unknown): boolean | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (op === '=') return a === b;
  if (op === '!=') return a !== b;
  // Ordering only between two numbers or two strings, as the service does.
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return undefined;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

/** Three-valued: true, false or undefined (a comparison with a missing property). */
function test(expr: Expr, doc: Doc): boolean | undefined {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'boolean' ? expr.value : undefined;
    case 'path': {
      const v = readPath(doc, expr.segments);
      return typeof v === 'boolean' ? v : undefined;
    }
    case 'compare':
      return compare(expr.op, value(expr.left, doc), value(expr.right, doc));
    case 'in': {
      const v = value(expr.operand, doc);
      if (v === undefined) return undefined;
      const found = expr.list.some((item) => value(item, doc) === v);
      return expr.negated ? !found : found;
    }
    case 'and': {
      const l = test(expr.left, doc);
      if (l === false) return false;
      const r = test(expr.right, doc);
      if (r === false) return false;
      return l === true && r === true ? true : undefined;
    }
    case 'or': {
      const l = test(expr.left, doc);
      if (l === true) return true;
      const r = test(expr.right, doc);
      if (r === true) return true;
      return l === false && r === false ? false : undefined;
    }
    case 'not': {
      const v = test(expr.operand, doc);
      return v === undefined ? undefined : !v;
    }
    case 'call':
      return call(expr.name, expr.args.map((a) => value(a, doc)));
  }
}

function call(name: string, args: unknown[]): boolean | undefined {
  const [a, b] = args;
  switch (name) {
    case 'IS_DEFINED':
      return a !== undefined;
    case 'IS_NULL':
      return a === null;
    case 'IS_STRING':
      return typeof a === 'string';
    case 'IS_NUMBER':
      return typeof a === 'number';
    case 'IS_BOOL':
      return typeof a === 'boolean';
    case 'IS_OBJECT':
      return typeof a === 'object' && a !== null && !Array.isArray(a);
    case 'STARTSWITH':
      return typeof a === 'string' && typeof b === 'string' ? a.startsWith(b) : undefined;
    case 'ENDSWITH':
      return typeof a === 'string' && typeof b === 'string' ? a.endsWith(b) : undefined;
    default:
      return undefined;
  }
}

export function matches(query: Query, doc: Doc): boolean {
  return query.where === null || test(query.where, doc) === true;
}

/** One result row: the whole twin for SELECT *, else the named projections (missing ones omitted). */
export function project(select: '*' | SelectItem[], doc: Doc): Doc {
  if (select === '*') return doc;
  const row: Doc = {};
  for (const item of select) {
    if (item.kind !== 'path') continue;
    const v = readPath(doc, item.segments);
    if (v !== undefined) row[item.alias] = v;
  }
  return row;
}

/** GROUP BY with COUNT(): one row per distinct key, in first-seen order. */
export class GroupCounter {
  private readonly groups = new Map<string, { keys: unknown[]; count: number }>();
  private readonly query: Query;
  constructor(query: Query) {
    this.query = query;
  }

  add(doc: Doc): void {
    const keys = this.query.groupBy.map((path) => readPath(doc, path));
    const id = JSON.stringify(keys.map((k) => (k === undefined ? { undefined: true } : k)));
    const group = this.groups.get(id);
    if (group) group.count++;
    else this.groups.set(id, { keys, count: 1 });
  }

  rows(): Doc[] {
    const select = this.query.select === '*' ? [] : this.query.select;
    const rows: Doc[] = [];
    for (const { keys, count } of this.groups.values()) {
      const row: Doc = {};
      for (const item of select) {
        if (item.kind === 'count') row[item.alias] = count;
        else {
          const index = this.query.groupBy.findIndex((path) => path.join('.') === item.segments.join('.'));
          const v = index >= 0 ? keys[index] : undefined;
          if (v !== undefined) row[item.alias] = v;
        }
      }
      rows.push(row);
    }
    return rows;
  }
}
