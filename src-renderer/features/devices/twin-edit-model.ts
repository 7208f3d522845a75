import { diffJson, mergePatchBetween, type JsonChange } from '../../../src-shared/domain/json-diff.ts';
import { twinPatchProblems, type TwinProblem } from '../../../src-shared/domain/twin-limits.ts';

/** A patch as devices:patchTwin takes it. */
export interface SendablePatch {
  tags?: Record<string, unknown>;
  properties?: { desired: Record<string, unknown> };
}

export interface EditableTwin {
  etag: string;
  tags: Record<string, unknown>;
  desired: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const withoutSystem = (value: unknown): Record<string, unknown> => (isObject(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$'))) : {});

/** The parts of a twin the operator may edit, without $version and $metadata. */
export function editableTwin(twin: Record<string, unknown>): EditableTwin {
  const properties = isObject(twin.properties) ? twin.properties : {};
  return { etag: String(twin.etag ?? '*'), tags: withoutSystem(twin.tags), desired: withoutSystem(properties.desired) };
}

export type ParsedEdit =
  | { ok: false; field: 'tags' | 'desired'; message: string }
  | { ok: true; patch: SendablePatch | null; changes: JsonChange[]; problems: TwinProblem[] };

function parseSection(text: string): Record<string, unknown> | string {
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value) ? value : 'not-object';
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The operator's edited JSON against the twin it started from: the merge patch to send (null when
 * nothing changed), the changes to preview, and the service limits it would break.
 */
export function parseEdit(base: EditableTwin, tagsText: string, desiredText: string): ParsedEdit {
  const tags = parseSection(tagsText);
  if (typeof tags === 'string') return { ok: false, field: 'tags', message: tags };
  const desired = parseSection(desiredText);
  if (typeof desired === 'string') return { ok: false, field: 'desired', message: desired };
  const tagsPatch = mergePatchBetween(base.tags, tags);
  const desiredPatch = mergePatchBetween(base.desired, desired);
  const patch: SendablePatch | null = tagsPatch || desiredPatch ? { ...(tagsPatch ? { tags: tagsPatch } : {}), ...(desiredPatch ? { properties: { desired: desiredPatch } } : {}) } : null;
  const changes = [...diffJson(base.tags, tags, 'tags'), ...diffJson(base.desired, desired, 'desired')];
  const problems = patch ? twinPatchProblems(patch, { tags: base.tags, properties: { desired: base.desired } }) : [];
  return { ok: true, patch, changes, problems };
}

/** What another writer changed between the twin the edit started from and the one on the hub now. */
export function changedSince(before: EditableTwin, now: EditableTwin): JsonChange[] {
  return [...diffJson(before.tags, now.tags, 'tags'), ...diffJson(before.desired, now.desired, 'desired')];
}
