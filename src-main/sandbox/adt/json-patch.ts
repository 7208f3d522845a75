import { jsonPatchInvalid } from './adt-errors.ts';

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** Parses a JSON Patch body (RFC 6902, the add/replace/remove subset ADT documents for twins). */
export function parsePatch(body: unknown): PatchOperation[] {
  if (!Array.isArray(body)) throw jsonPatchInvalid('The body must be a JSON Patch array.');
  return body.map((raw, i) => {
    const op = raw as Partial<PatchOperation> | null;
    if (!op || !['add', 'replace', 'remove'].includes(op.op as string)) throw jsonPatchInvalid(`Operation ${i}: op must be add, replace or remove.`);
    if (typeof op.path !== 'string' || !op.path.startsWith('/') || op.path === '/') throw jsonPatchInvalid(`Operation ${i}: path must be a JSON pointer such as /Temperature.`);
    if (op.op !== 'remove' && !('value' in op)) throw jsonPatchInvalid(`Operation ${i}: ${op.op} needs a value.`);
    return op as PatchOperation;
  });
}

export const pointerSegments = (path: string): string[] => path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** Applies operations to a deep copy of `document`; a missing parent, or replacing/removing nothing, is JsonPatchInvalid. */
export function applyPatch<T extends Record<string, unknown>>(document: T, operations: PatchOperation[]): T {
  const copy = structuredClone(document);
  for (const operation of operations) {
    const segments = pointerSegments(operation.path);
    const last = segments.pop() as string;
    let parent: unknown = copy;
    for (const segment of segments) {
      parent = typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[segment] : undefined;
      if (typeof parent !== 'object' || parent === null) throw jsonPatchInvalid(`${operation.path}: ${segment} does not exist.`);
    }
    const target = parent as Record<string, unknown>;
    if (operation.op !== 'add' && !(last in target)) throw jsonPatchInvalid(`${operation.path}: there is no value to ${operation.op}.`);
    if (operation.op === 'remove') delete target[last];
    else target[last] = structuredClone(operation.value);
  }
  return copy;
}
