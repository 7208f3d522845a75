import { AdtError } from './adt-errors.ts';

/** A DTDL interface as uploaded (v2 or v3), the fields the sandbox reads. */
export interface DtdlInterface {
  '@id': string;
  '@type': string | string[];
  '@context'?: string | string[];
  displayName?: unknown;
  description?: unknown;
  extends?: string | string[];
  contents?: DtdlContent[];
  schemas?: DtdlSchemaDefinition[];
}

export type DtdlSchema = string | DtdlSchemaDefinition;
export interface DtdlSchemaDefinition {
  '@id'?: string;
  '@type': string | string[];
  fields?: { name: string; schema: DtdlSchema }[];
  mapValue?: { name: string; schema: DtdlSchema };
  elementSchema?: DtdlSchema;
  valueSchema?: string;
  enumValues?: { name: string; enumValue: string | number }[];
}

export interface DtdlContent {
  '@type': string | string[];
  name: string;
  schema?: DtdlSchema;
  target?: string;
  properties?: { name: string; schema: DtdlSchema }[];
}

const DTMI = /^dtmi:[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?(?::[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?)*(?:;[1-9][0-9]{0,8}(?:\.[1-9][0-9]{0,5})?)?$/;
const CONTENT_NAME = /^[A-Za-z](?:\w*[A-Za-z0-9])?$/;
const CONTEXTS = new Set(['dtmi:dtdl:context;2', 'dtmi:dtdl:context;3']);
const KINDS = ['Property', 'Telemetry', 'Relationship', 'Component', 'Command'] as const;
export type ContentKind = (typeof KINDS)[number];

export const isDtmi = (value: unknown): value is string => typeof value === 'string' && value.length <= 128 && DTMI.test(value);

const parserError = (message: string) => new AdtError(400, 'DTDLParserError', message);
const types = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
export const kindOf = (content: DtdlContent): ContentKind | undefined => KINDS.find((kind) => types(content['@type']).includes(kind));
export const extendsOf = (model: DtdlInterface): string[] => types(model.extends);

/** Checks one uploaded interface's own shape; references to other models are checked by the caller. */
export function checkInterface(raw: unknown): DtdlInterface {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw parserError('Each model must be a JSON object (a DTDL Interface).');
  const model = raw as DtdlInterface;
  if (!isDtmi(model['@id'])) throw parserError(`@id ${JSON.stringify(model['@id'])} is not a valid DTMI.`);
  const id = model['@id'];
  if (id.startsWith('dtmi:dtdl:') || id.startsWith('dtmi:standard:')) throw parserError(`${id}: the dtmi:dtdl: and dtmi:standard: prefixes are reserved.`);
  if (!types(model['@type']).includes('Interface')) throw parserError(`${id}: @type must be Interface.`);
  if (!types(model['@context']).some((context) => CONTEXTS.has(context))) {
    throw new AdtError(400, 'ModelVersionNotSupported', `${id}: @context must be dtmi:dtdl:context;2 or dtmi:dtdl:context;3.`);
  }
  for (const parent of extendsOf(model)) if (!isDtmi(parent)) throw parserError(`${id}: extends ${JSON.stringify(parent)} is not a valid DTMI.`);
  if (model.contents !== undefined && !Array.isArray(model.contents)) throw parserError(`${id}: contents must be an array.`);
  const names = new Set<string>();
  for (const content of model.contents ?? []) {
    if (typeof content !== 'object' || content === null) throw parserError(`${id}: every element of contents must be an object.`);
    if (typeof content.name !== 'string' || !CONTENT_NAME.test(content.name)) throw parserError(`${id}: content name ${JSON.stringify(content.name)} is not valid.`);
    if (names.has(content.name)) throw parserError(`${id}: the name ${content.name} appears twice in contents.`);
    names.add(content.name);
    const kind = kindOf(content);
    if (!kind) throw parserError(`${id}: ${content.name} has an unknown @type ${JSON.stringify(content['@type'])}.`);
    if ((kind === 'Property' || kind === 'Telemetry' || kind === 'Component') && content.schema === undefined) {
      throw parserError(`${id}: ${kind} ${content.name} needs a schema.`);
    }
    if (kind === 'Relationship' && content.target !== undefined && !isDtmi(content.target)) throw parserError(`${id}: relationship ${content.name} has an invalid target.`);
  }
  return model;
}

/** A model with its extends closure flattened: what a twin of it may hold. */
export interface FlatModel {
  id: string;
  ancestors: Set<string>;
  contents: Map<string, DtdlContent & { kind: ContentKind }>;
  schemas: Map<string, DtdlSchemaDefinition>;
}

/** Flattens `id` through `extends` (depth ≤ 10), naming a missing parent or a name declared twice. */
export function flatten(id: string, lookup: (id: string) => DtdlInterface | undefined, depth = 0): FlatModel {
  const model = lookup(id);
  if (!model) throw parserError(`The model ${id} is referenced but is neither uploaded nor in this request.`);
  if (depth > 10) throw parserError(`${id}: extends is nested more than 10 deep (or forms a cycle).`);
  const flat: FlatModel = { id, ancestors: new Set([id]), contents: new Map(), schemas: new Map() };
  for (const parentId of extendsOf(model)) {
    const parent = flatten(parentId, lookup, depth + 1);
    for (const ancestor of parent.ancestors) flat.ancestors.add(ancestor);
    for (const [name, content] of parent.contents) flat.contents.set(name, content);
    for (const [schemaId, schema] of parent.schemas) flat.schemas.set(schemaId, schema);
  }
  for (const schema of model.schemas ?? []) if (schema['@id']) flat.schemas.set(schema['@id'], schema);
  for (const content of model.contents ?? []) {
    if (flat.contents.has(content.name)) throw parserError(`${id}: ${content.name} is already declared by a model it extends.`);
    flat.contents.set(content.name, { ...content, kind: kindOf(content) as ContentKind });
  }
  return flat;
}
