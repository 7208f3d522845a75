import { badRequest } from './service-error.ts';

/** A JSON object as stored in a twin section (tags, desired, reported). */
export type JsonObject = { [key: string]: unknown };

/** The service's per-section limit: tags, desired and reported are each at most 32 KB. */
export const TWIN_SECTION_MAX_BYTES = 32 * 1024;
/** The service's nesting limit for property objects. */
export const TWIN_MAX_DEPTH = 10;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a patch or a replacement before it touches stored state: names the service refuses
 * ('$' prefix, '.', ' ', control characters), nesting deeper than the service allows, and arrays
 * nested in ways the query language could not address are answered with 400.
 */
export function validateSection(section: string, value: unknown, allowNull: boolean): JsonObject {
  if (!isJsonObject(value)) throw badRequest(`${section} must be a JSON object.`);
  const walk = (node: JsonObject, depth: number, path: string) => {
    if (depth > TWIN_MAX_DEPTH) throw badRequest(`${section} is nested deeper than ${TWIN_MAX_DEPTH} levels at ${path}.`);
    for (const [key, child] of Object.entries(node)) {
      if (key.startsWith('$')) continue;
      // eslint-disable-next-line no-control-regex
      if (key.length === 0 || key.length > 128 || /[.\s\u0000-\u001f]/.test(key)) {
        throw badRequest(`Invalid property name '${key}' in ${section}: names cannot be empty, longer than 128 characters, or contain '.', spaces or control characters.`);
      }
      if (child === null && !allowNull) throw badRequest(`${section}.${path}${key} is null.`);
      if (isJsonObject(child)) walk(child, depth + 1, `${path}${key}.`);
    }
  };
  walk(value, 1, '');
  return value;
}

/** Throws the service's 400 when a section is over 32 KB (measured as compact JSON). */
export function checkSectionSize(section: string, value: JsonObject): void {
  const size = Buffer.byteLength(JSON.stringify(stripSystem(value)), 'utf8');
  if (size > TWIN_SECTION_MAX_BYTES) {
    throw badRequest(`The ${section} section is ${size} bytes, over the limit of ${TWIN_SECTION_MAX_BYTES} bytes.`, 'IotHubQuotaExceeded');
  }
}

/** Drops `$`-prefixed system keys ($version, $metadata) that clients echo back. */
export function stripSystem(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) if (!key.startsWith('$')) out[key] = child;
  return out;
}

type Metadata = { [key: string]: unknown };

/**
 * Merges a patch the way the service does: objects merge recursively, null deletes, anything
 * else replaces. Touched paths get `$lastUpdated` (and `$lastUpdatedVersion` for desired).
 */
export function mergePatch(
  doc: JsonObject,
  meta: Metadata,
  patch: JsonObject,
  stamp: { at: string; version: number | null },
): { doc: JsonObject; meta: Metadata } {
  const nextDoc: JsonObject = { ...doc };
  const nextMeta: Metadata = { ...meta, ...stampOf(stamp) };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete nextDoc[key];
      delete nextMeta[key];
    } else if (isJsonObject(value)) {
      const existing = isJsonObject(doc[key]) ? (doc[key] as JsonObject) : {};
      const existingMeta = isJsonObject(meta[key]) ? (meta[key] as Metadata) : {};
      const merged = mergePatch(existing, existingMeta, value, stamp);
      nextDoc[key] = merged.doc;
      nextMeta[key] = merged.meta;
    } else {
      nextDoc[key] = value;
      nextMeta[key] = stampOf(stamp);
    }
  }
  return { doc: nextDoc, meta: nextMeta };
}

/** Metadata for a wholesale replacement: every leaf stamped now. */
export function metadataFor(doc: JsonObject, stamp: { at: string; version: number | null }): Metadata {
  const meta: Metadata = stampOf(stamp);
  for (const [key, value] of Object.entries(doc)) meta[key] = isJsonObject(value) ? metadataFor(value, stamp) : stampOf(stamp);
  return meta;
}

function stampOf(stamp: { at: string; version: number | null }): Metadata {
  return stamp.version === null ? { $lastUpdated: stamp.at } : { $lastUpdated: stamp.at, $lastUpdatedVersion: stamp.version };
}

/** Desired/reported as the service shows them: properties plus `$metadata` and `$version`. */
export function presentSection(doc: JsonObject, meta: Metadata, version: number): JsonObject {
  return { ...doc, $metadata: meta, $version: version };
}
