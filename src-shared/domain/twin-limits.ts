/**
 * IoT Hub's limits on what a twin patch may hold, checked in the console so an oversized or
 * malformed patch is refused with the reason before it leaves (the service would answer 400).
 */

/** Tags, desired and reported are each at most 32 KB (compact JSON, UTF-8). */
export const TWIN_SECTION_MAX_BYTES = 32 * 1024;
/** Objects nest at most 10 levels below the section. */
export const TWIN_MAX_DEPTH = 10;
export const TWIN_MAX_NAME_LENGTH = 128;

export interface TwinProblem {
  /** Dotted path to the offending place, e.g. "properties.desired.fw". */
  path: string;
  /** Stable id for translation. */
  key: 'too-large' | 'too-deep' | 'bad-name' | 'not-object';
  message: string;
  params: Record<string, string | number>;
}

/** UTF-8 byte length, counted by code point (shared code has neither Buffer nor TextEncoder types). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// eslint-disable-next-line no-control-regex
const BAD_NAME = /^\$|[.\s\u0000-\u001f]/;

/** RFC 7386 merge: what the section becomes once the patch is applied (null removes a name). */
export function mergeTwinSection(base: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(base) ? { ...base } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete out[name];
    else out[name] = mergeTwinSection(out[name], value);
  }
  return out;
}

function withoutSystem(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([name]) => !name.startsWith('$')));
}

function checkSection(section: string, value: unknown, current: unknown, problems: TwinProblem[]): void {
  if (!isObject(value)) {
    problems.push({ path: section, key: 'not-object', message: `${section} must be a JSON object`, params: { section } });
    return;
  }
  const merged = mergeTwinSection(isObject(current) ? withoutSystem(current) : {}, value) as Record<string, unknown>;
  const size = utf8Length(JSON.stringify(merged));
  if (size > TWIN_SECTION_MAX_BYTES) {
    problems.push({ path: section, key: 'too-large', message: `${section} would be ${size} bytes, over the service's limit of ${TWIN_SECTION_MAX_BYTES} bytes`, params: { section, size, limit: TWIN_SECTION_MAX_BYTES } });
  }
  const walk = (node: Record<string, unknown>, depth: number, path: string) => {
    for (const [name, child] of Object.entries(node)) {
      const at = `${path}.${name}`;
      if (name === '' || name.length > TWIN_MAX_NAME_LENGTH || BAD_NAME.test(name)) {
        problems.push({ path: at, key: 'bad-name', message: `"${name}" in ${path} is not a name the service accepts (1–${TWIN_MAX_NAME_LENGTH} characters; no '.', spaces, control characters or leading '$')`, params: { name, path } });
      }
      if (!isObject(child)) continue;
      if (depth + 1 > TWIN_MAX_DEPTH) {
        problems.push({ path: at, key: 'too-deep', message: `${at} nests deeper than the service's limit of ${TWIN_MAX_DEPTH} levels`, params: { path: at, limit: TWIN_MAX_DEPTH } });
      } else {
        walk(child, depth + 1, at);
      }
    }
  };
  walk(value, 1, section);
}

/** The parts of a twin a patch may change. */
export interface TwinPatch {
  tags?: unknown;
  properties?: { desired?: unknown };
}

/**
 * Every problem with a patch of tags and/or desired properties, measured on what the twin would
 * become (`current` is the twin as last read); empty when it may be sent.
 */
export function twinPatchProblems(patch: TwinPatch, current?: { tags?: unknown; properties?: { desired?: unknown } }): TwinProblem[] {
  const problems: TwinProblem[] = [];
  if (patch.tags !== undefined) checkSection('tags', patch.tags, current?.tags, problems);
  if (patch.properties?.desired !== undefined) checkSection('properties.desired', patch.properties.desired, current?.properties?.desired, problems);
  return problems;
}
