import type { EnrollmentView } from '../../../src-shared/domain/enrollment.ts';

export interface FieldChange {
  /** Dotted path, e.g. `status` or `initialTwin.tags.customer`. */
  field: string;
  loaded: string;
  current: string;
}

const SKIP = new Set(['etag', 'updatedAt', 'createdAt']);

/**
 * What changed between the version a form was loaded with and the service's current one (both
 * key-free views), field by field, so a stale-etag conflict can show it before the operator
 * chooses to reload or overwrite. Twin sections are compared one property deep.
 */
export function diffEnrollments(loaded: EnrollmentView, current: EnrollmentView): FieldChange[] {
  const changes: FieldChange[] = [];
  const walk = (path: string, a: unknown, b: unknown, depth: number) => {
    if (SKIP.has(path)) return;
    if (depth < 3 && isObject(a) && isObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(path ? `${path}.${key}` : key, a[key], b[key], depth + 1);
      return;
    }
    const left = show(a);
    const right = show(b);
    if (left !== right) changes.push({ field: path, loaded: left, current: right });
  };
  walk('', loaded, current, 0);
  return changes;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
