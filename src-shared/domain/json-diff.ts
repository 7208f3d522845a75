/** One difference between two JSON documents, at a dotted path. */
export interface JsonChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What changed from `before` to `after`, leaf by leaf (arrays compare whole). Names starting with
 * '$' ($version, $metadata) are skipped: they change on every write and say nothing to an operator.
 */
export function diffJson(before: unknown, after: unknown, path = ''): JsonChange[] {
  if (isObject(before) && isObject(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((n) => !n.startsWith('$')).sort();
    return names.flatMap((name) => {
      const at = path ? `${path}.${name}` : name;
      if (!(name in before)) return [{ path: at, kind: 'added' as const, after: after[name] }];
      if (!(name in after)) return [{ path: at, kind: 'removed' as const, before: before[name] }];
      return diffJson(before[name], after[name], at);
    });
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before === undefined) return [{ path, kind: 'added', after }];
  if (after === undefined) return [{ path, kind: 'removed', before }];
  return [{ path, kind: 'changed', before, after }];
}

/** The merge patch that turns `before` into `after` (removed names become null), or null when they are equal. */
export function mergePatchBetween(before: unknown, after: unknown): Record<string, unknown> | null {
  if (!isObject(before) || !isObject(after)) return isObject(after) ? after : null;
  const patch: Record<string, unknown> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (name.startsWith('$')) continue;
    if (!(name in after)) patch[name] = null;
    else if (!(name in before)) patch[name] = after[name];
    else if (isObject(before[name]) && isObject(after[name])) {
      const inner = mergePatchBetween(before[name], after[name]);
      if (inner) patch[name] = inner;
    } else if (JSON.stringify(before[name]) !== JSON.stringify(after[name])) patch[name] = after[name];
  }
  return Object.keys(patch).length > 0 ? patch : null;
}
