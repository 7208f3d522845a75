import type { DtdlSchema, DtdlSchemaDefinition } from './dtdl.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}(\.\d+)?$/;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

type Check = (value: unknown) => boolean;
const PRIMITIVES: Record<string, Check> = {
  boolean: (v) => typeof v === 'boolean',
  double: (v) => typeof v === 'number' && Number.isFinite(v),
  float: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31,
  long: (v) => Number.isInteger(v),
  string: (v) => typeof v === 'string',
  date: (v) => typeof v === 'string' && DATE.test(v),
  dateTime: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  time: (v) => typeof v === 'string' && TIME.test(v),
  duration: (v) => typeof v === 'string' && DURATION.test(v),
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why `value` does not fit `schema`, or undefined when it does. Named schemas (`schemas` of the
 * interface, by DTMI) resolve through `named`; a schema the sandbox does not know is accepted.
 */
export function schemaMismatch(value: unknown, schema: DtdlSchema, named: Map<string, DtdlSchemaDefinition>, depth = 0): string | undefined {
  if (depth > 5) return 'nested more than 5 deep';
  if (typeof schema === 'string') {
    const primitive = PRIMITIVES[schema];
    if (primitive) return primitive(value) ? undefined : `expected ${schema}`;
    const definition = named.get(schema);
    return definition ? schemaMismatch(value, definition, named, depth) : undefined;
  }
  const type = ([] as string[]).concat(schema['@type']);
  if (type.includes('Object')) {
    if (!isObject(value)) return 'expected an object';
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$metadata') continue;
      const field = schema.fields?.find((candidate) => candidate.name === key);
      if (!field) return `${key} is not a field of the object`;
      const why = schemaMismatch(inner, field.schema, named, depth + 1);
      if (why) return `${key}: ${why}`;
    }
    return undefined;
  }
  if (type.includes('Map')) {
    if (!isObject(value)) return 'expected a map (an object)';
    for (const [key, inner] of Object.entries(value)) {
      const why = schema.mapValue ? schemaMismatch(inner, schema.mapValue.schema, named, depth + 1) : undefined;
      if (why) return `${key}: ${why}`;
    }
    return undefined;
  }
  if (type.includes('Enum')) {
    return schema.enumValues?.some((entry) => entry.enumValue === value) ? undefined : `${JSON.stringify(value)} is not one of the enum's values`;
  }
  if (type.includes('Array')) {
    if (!Array.isArray(value)) return 'expected an array';
    for (const [i, inner] of value.entries()) {
      const why = schema.elementSchema ? schemaMismatch(inner, schema.elementSchema, named, depth + 1) : undefined;
      if (why) return `[${i}]: ${why}`;
    }
  }
  return undefined;
}
