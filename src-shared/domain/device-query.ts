/**
 * The device list's query builder: conditions an operator picks, turned into the IoT Hub query
 * language. The text it writes is shown and may be edited; what runs is always the text.
 */

export const QUERY_FIELDS = ['deviceId', 'tags', 'desired', 'reported', 'status', 'connectionState'] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

export const QUERY_OPERATORS = ['=', '!=', '<', '>', '<=', '>=', 'startsWith', 'isDefined'] as const;
export type QueryOperator = (typeof QUERY_OPERATORS)[number];

export interface QueryCondition {
  field: QueryField;
  /** Dotted path under tags / desired / reported (e.g. "site.building"); empty for the others. */
  path: string;
  op: QueryOperator;
  /** Typed as the operator wrote it: numbers, true/false and null are sent unquoted. */
  value: string;
}

const PATH_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Why a condition cannot be turned into a query, or null when it can. */
export function conditionProblem(condition: QueryCondition): string | null {
  const nested = condition.field === 'tags' || condition.field === 'desired' || condition.field === 'reported';
  if (nested) {
    if (condition.path.trim() === '') return 'path-required';
    if (!condition.path.split('.').every((segment) => PATH_SEGMENT.test(segment))) return 'path-invalid';
  }
  if (condition.op !== 'isDefined' && condition.value.trim() === '' && condition.field !== 'deviceId') return 'value-required';
  if (condition.field === 'status' && condition.op !== 'isDefined' && !['enabled', 'disabled'].includes(condition.value.trim())) return 'status-invalid';
  if (condition.field === 'connectionState' && condition.op !== 'isDefined' && !['Connected', 'Disconnected'].includes(condition.value.trim())) return 'connection-invalid';
  return null;
}

/** A literal in the query language: numbers, booleans and null bare, everything else a quoted string. */
export function queryLiteral(raw: string): string {
  const text = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(text) || text === 'true' || text === 'false' || text === 'null') return text;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fieldPath(condition: QueryCondition): string {
  switch (condition.field) {
    case 'tags':
      return `tags.${condition.path.trim()}`;
    case 'desired':
      return `properties.desired.${condition.path.trim()}`;
    case 'reported':
      return `properties.reported.${condition.path.trim()}`;
    default:
      return condition.field;
  }
}

function conditionText(condition: QueryCondition): string {
  const path = fieldPath(condition);
  if (condition.op === 'isDefined') return `IS_DEFINED(${path})`;
  const literal = condition.field === 'status' || condition.field === 'connectionState' ? `'${condition.value.trim()}'` : queryLiteral(condition.value);
  if (condition.op === 'startsWith') return `STARTSWITH(${path}, ${literal.startsWith("'") ? literal : `'${literal}'`})`;
  return `${path} ${condition.op} ${literal}`;
}

/** The query for every condition joined with AND; conditions with a problem are left out. */
export function buildDeviceQuery(conditions: QueryCondition[]): string {
  const parts = conditions.filter((c) => conditionProblem(c) === null).map(conditionText);
  return parts.length === 0 ? 'SELECT * FROM devices' : `SELECT * FROM devices WHERE ${parts.join(' AND ')}`;
}

/** The WHERE part of a device query (what jobs take as their query condition), '' when there is none. */
export function queryCondition(query: string): string {
  const match = /\bWHERE\b([\s\S]*)$/i.exec(query);
  return match ? match[1]!.trim() : '';
}
