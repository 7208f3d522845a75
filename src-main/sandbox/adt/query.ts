import { AdtError } from './adt-errors.ts';
import type { AdtStore, Twin } from './adt-store.ts';
import { parseQuery, syntaxError } from './query-parser.ts';
import type { Expr, Literal, Operand, Query } from './query-parser.ts';

type Binding = Record<string, Record<string, unknown>>;
/** Whether a twin's model is `modelId` or (unless exact) extends it. */
export type IsOfModel = (twin: Twin, modelId: string, exact: boolean) => boolean;

/** Runs the subset of the ADT query language the seed and the console use, over the in-memory twins. */
export function runQuery(text: string, store: AdtStore, isOfModel: IsOfModel): unknown[] {
  if (typeof text !== 'string' || text.trim() === '') throw new AdtError(400, 'SqlQueryError', 'The query is empty.');
  const query = parseQuery(text);
  const fromAlias = query.from ?? '';
  const single = query.joins.length === 0;
  const results: unknown[] = [];
  let count = 0;
  const limit = query.top ?? Infinity;
  const documents = query.collection === 'relationships' ? [...store.outgoing.values()].flatMap((bySource) => [...bySource.values()]) : store.twins.values();
  for (const document of documents) {
    for (const binding of expand({ [fromAlias]: document }, query, store)) {
      if (query.where && !evaluate(query.where, binding, fromAlias, single, isOfModel)) continue;
      count++;
      if (query.select !== 'count') results.push(project(query, binding, fromAlias, single));
      if (results.length >= limit) return results;
    }
  }
  return query.select === 'count' ? [{ COUNT: count }] : results;
}

function* expand(binding: Binding, query: Query, store: AdtStore, index = 0): Generator<Binding> {
  const join = query.joins[index];
  if (!join) {
    yield binding;
    return;
  }
  const source = binding[join.source];
  if (!source) throw new AdtError(400, 'SqlQueryError', `JOIN names ${join.source}, which is not an alias defined before it.`);
  for (const relationship of store.outgoing.get(source.$dtId as string)?.values() ?? []) {
    if (relationship.$relationshipName !== join.relationship) continue;
    const target = store.twins.get(relationship.$targetId);
    if (!target) continue;
    yield* expand({ ...binding, [join.alias]: target, ...(join.relationshipAlias ? { [join.relationshipAlias]: relationship } : {}) }, query, store, index + 1);
  }
}

function resolve(path: string[], binding: Binding, fromAlias: string, single: boolean): unknown {
  const [first, ...rest] = path;
  let value: unknown;
  let segments = rest;
  if (first !== undefined && first in binding && first !== '') value = binding[first];
  else if (single) {
    value = binding[fromAlias];
    segments = path;
  } else throw new AdtError(400, 'SqlQueryError', `${path.join('.')}: name an alias (${Object.keys(binding).filter(Boolean).join(', ')}).`);
  for (const segment of segments) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
  return value;
}

function project(query: Query, binding: Binding, fromAlias: string, single: boolean): unknown {
  if (query.select === '*') return binding[fromAlias];
  const item: Record<string, unknown> = {};
  for (const projection of query.select as Exclude<Query['select'], '*' | 'count'>) {
    const value = resolve(projection.path, binding, fromAlias, single);
    if (value !== undefined) item[projection.as] = value;
  }
  return item;
}

const valueOf = (operand: Operand, binding: Binding, fromAlias: string, single: boolean): unknown =>
  'literal' in operand ? operand.literal : resolve(operand.path, binding, fromAlias, single);

function compare(op: string, left: unknown, right: unknown): boolean {
  if (left === undefined || right === undefined) return false;
  if (op === '=') return left === right;
  if (op === '!=') return left !== right;
  if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) return false;
  const l = left as number | string;
  const r = right as number | string;
  return op === '<' ? l < r : op === '>' ? l > r : op === '<=' ? l <= r : l >= r;
}

function evaluate(expr: Expr, binding: Binding, fromAlias: string, single: boolean, isOfModel: IsOfModel): boolean {
  const value = (operand: Operand) => valueOf(operand, binding, fromAlias, single);
  switch (expr.kind) {
    case 'and':
      return evaluate(expr.left, binding, fromAlias, single, isOfModel) && evaluate(expr.right, binding, fromAlias, single, isOfModel);
    case 'or':
      return evaluate(expr.left, binding, fromAlias, single, isOfModel) || evaluate(expr.right, binding, fromAlias, single, isOfModel);
    case 'not':
      return !evaluate(expr.inner, binding, fromAlias, single, isOfModel);
    case 'compare':
      return compare(expr.op, value(expr.left), value(expr.right));
    case 'in': {
      const found = expr.values.includes(value(expr.operand) as Literal);
      return expr.negated ? !found : found;
    }
    case 'call':
      return call(expr, binding, fromAlias, single, isOfModel);
  }
}

function call(expr: Extract<Expr, { kind: 'call' }>, binding: Binding, fromAlias: string, single: boolean, isOfModel: IsOfModel): boolean {
  const args = expr.args as Operand[];
  const value = (n: number) => (args[n] ? valueOf(args[n], binding, fromAlias, single) : undefined);
  switch (expr.name) {
    case 'IS_OF_MODEL': {
      const exactFlag = (operand: Operand | undefined) => operand !== undefined && 'path' in operand && operand.path.length === 1 && operand.path[0]?.toLowerCase() === 'exact';
      const withAlias = args[0] !== undefined && 'path' in args[0] && !exactFlag(args[0]);
      const modelArg = args[withAlias ? 1 : 0];
      if (!modelArg || !('literal' in modelArg) || typeof modelArg.literal !== 'string') throw new AdtError(400, 'SqlQueryError', 'IS_OF_MODEL needs a model id string.');
      const twin = (withAlias ? value(0) : binding[fromAlias]) as Twin | undefined;
      return twin?.$metadata !== undefined && isOfModel(twin, modelArg.literal, exactFlag(args[withAlias ? 2 : 1]));
    }
    case 'IS_DEFINED':
      return value(0) !== undefined;
    case 'IS_NULL':
      return value(0) === null;
    case 'IS_STRING':
      return typeof value(0) === 'string';
    case 'IS_NUMBER':
      return typeof value(0) === 'number';
    case 'IS_BOOL':
      return typeof value(0) === 'boolean';
    case 'IS_OBJECT':
      return typeof value(0) === 'object' && value(0) !== null && !Array.isArray(value(0));
    case 'STARTSWITH':
    case 'ENDSWITH':
    case 'CONTAINS': {
      const [text, part] = [value(0), value(1)];
      if (typeof text !== 'string' || typeof part !== 'string') return false;
      return expr.name === 'STARTSWITH' ? text.startsWith(part) : expr.name === 'ENDSWITH' ? text.endsWith(part) : text.includes(part);
    }
    case 'ARRAY_CONTAINS': {
      const list = value(0);
      return Array.isArray(list) && list.includes(value(1));
    }
    default:
      throw syntaxError(0, `the function ${expr.name} is not supported.`);
  }
}
