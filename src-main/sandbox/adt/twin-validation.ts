import { validationFailed } from './adt-errors.ts';
import type { FlatModel } from './dtdl.ts';
import { schemaMismatch } from './schema-check.ts';

const SYSTEM_KEYS = new Set(['$dtId', '$etag', '$metadata']);

/** ValidationFailed for a key the model does not declare as a Property, Telemetry or Component, or a value that does not fit. */
export function checkTwinAgainstModel(twin: Record<string, unknown>, model: FlatModel): void {
  for (const [key, value] of Object.entries(twin)) {
    if (SYSTEM_KEYS.has(key)) continue;
    if (key.startsWith('$')) throw validationFailed(`${key} is not a system property a twin may carry.`);
    const content = model.contents.get(key);
    if (!content || content.kind === 'Relationship' || content.kind === 'Command') {
      throw validationFailed(`Invalid twin: ${key} is not a property of the model ${model.id}.`);
    }
    if (content.kind === 'Component') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw validationFailed(`Invalid twin: component ${key} must be an object.`);
      continue;
    }
    if (value === null) continue;
    const why = content.schema === undefined ? undefined : schemaMismatch(value, content.schema, model.schemas);
    if (why) throw validationFailed(`Invalid twin: ${key} does not match its schema in ${model.id} (${why}).`);
  }
}

/** Relationship properties: only those the relationship declares, each fitting its schema. */
export function checkRelationshipProperties(relationship: Record<string, unknown>, declared: { name: string; schema: unknown }[], model: FlatModel): void {
  for (const [key, value] of Object.entries(relationship)) {
    if (key.startsWith('$')) continue;
    const property = declared.find((candidate) => candidate.name === key);
    if (!property) throw validationFailed(`Invalid relationship: ${key} is not a property of the relationship.`);
    const why = schemaMismatch(value, property.schema as never, model.schemas);
    if (why) throw validationFailed(`Invalid relationship: ${key} (${why}).`);
  }
}
