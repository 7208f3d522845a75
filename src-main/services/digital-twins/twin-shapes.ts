import type { DigitalTwinsModelData } from '@azure/digital-twins-core';
import type { ModelSummary, TwinSummary } from '../../../src-shared/contract/channels/digital-twins.ts';

interface Content {
  '@type'?: string | string[];
  name?: string;
  schema?: unknown;
  writable?: boolean;
  target?: string;
}

const typesOf = (content: Content) => ([] as string[]).concat(content['@type'] ?? []);
const schemaName = (schema: unknown): string =>
  typeof schema === 'string' ? schema : String(([] as unknown[]).concat((schema as { '@type'?: unknown })?.['@type'] ?? 'complex')[0]);

/** A model with its own and inherited properties and relationships, for forms and the models table. */
export function summarizeModel(data: DigitalTwinsModelData, all: Map<string, DigitalTwinsModelData>): ModelSummary {
  const properties: ModelSummary['properties'] = [];
  const relationships: ModelSummary['relationships'] = [];
  const seen = new Set<string>();
  const visit = (model: DigitalTwinsModelData | undefined, depth: number) => {
    if (!model || depth > 10 || seen.has(model.id)) return;
    seen.add(model.id);
    const definition = (model.model ?? {}) as { contents?: Content[]; extends?: string | string[] };
    for (const parent of ([] as string[]).concat(definition.extends ?? [])) visit(all.get(parent), depth + 1);
    for (const content of definition.contents ?? []) {
      if (!content.name) continue;
      if (typesOf(content).includes('Property')) properties.push({ name: content.name, schema: schemaName(content.schema), writable: content.writable === true });
      if (typesOf(content).includes('Relationship')) relationships.push({ name: content.name, target: content.target ?? null });
    }
  };
  visit(data, 0);
  const displayName = data.displayName ? (data.displayName.en ?? Object.values(data.displayName)[0] ?? null) : null;
  return { id: data.id, displayName, decommissioned: data.decommissioned === true, properties, relationships };
}

/** A twin document as the renderer shows it: user properties and their update times, no etag. */
export function summarizeTwin(twin: Record<string, unknown>): TwinSummary {
  const metadata = (twin.$metadata ?? {}) as Record<string, unknown> & { $model?: string };
  const properties: Record<string, unknown> = {};
  const updated: Record<string, string> = {};
  for (const [key, value] of Object.entries(twin)) {
    if (key.startsWith('$')) continue;
    properties[key] = value;
    const time = (metadata[key] as { lastUpdateTime?: unknown } | undefined)?.lastUpdateTime;
    if (typeof time === 'string') updated[key] = time;
  }
  return { dtId: String(twin.$dtId), model: String(metadata.$model ?? ''), properties, updated };
}
