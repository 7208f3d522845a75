import { z } from 'zod';
import type { Query } from '../hub/query/query-parser.ts';
import { QuerySyntaxError, parseQuery } from '../hub/query/query-parser.ts';
import { matches, readPath } from '../hub/query/query-evaluator.ts';
import type { HubMessage } from './event-messages.ts';

/** The built-in endpoint's name in routes, as in IoT Hub. */
export const BUILT_IN_ENDPOINT = 'events';

const SOURCES = ['DeviceMessages', 'TwinChangeEvents', 'DeviceLifecycleEvents', 'DeviceConnectionStateEvents'] as const;
const name = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64');

/** `properties.routing` of an IoT hub, as far as the sandbox serves it (endpoints are Event Hub-compatible). */
export const routingSchema = z.object({
  endpoints: z.array(z.object({ name: name.refine((n) => n.toLowerCase() !== BUILT_IN_ENDPOINT && !n.startsWith('$'), 'is reserved') })).max(10).default([]),
  routes: z
    .array(
      z.object({
        name,
        source: z.enum(SOURCES),
        condition: z.string().max(1024).default('true'),
        endpointNames: z.array(z.string()).min(1).max(1),
        isEnabled: z.boolean().default(true),
      }),
    )
    .max(100)
    .default([]),
  fallbackRoute: z.object({ isEnabled: z.boolean() }).default({ isEnabled: true }),
  enrichments: z
    .array(z.object({ key: z.string().min(1).max(64), value: z.string().min(1).max(256), endpointNames: z.array(z.string()).min(1) }))
    .max(10)
    .default([]),
});

export type RoutingConfig = z.infer<typeof routingSchema>;
export type RouteSource = (typeof SOURCES)[number];

/**
 * A new sandbox hub's routing: device messages by the fallback route, as on a new IoT hub, plus
 * the three routes the console asks operators to add to their Azure hubs (README "Hub events"),
 * so its readers find lifecycle, twin-change and connection-state events on the built-in endpoint
 * through the same @azure/event-hubs path on both. The operator can change or remove them.
 */
export const SANDBOX_DEFAULT_ROUTING: RoutingConfig = routingSchema.parse({
  routes: [
    { name: 'console-lifecycle', source: 'DeviceLifecycleEvents', endpointNames: [BUILT_IN_ENDPOINT] },
    { name: 'console-twin-changes', source: 'TwinChangeEvents', endpointNames: [BUILT_IN_ENDPOINT] },
    { name: 'console-connection-state', source: 'DeviceConnectionStateEvents', endpointNames: [BUILT_IN_ENDPOINT] },
  ],
});

const SOURCE_OF: Record<HubMessage['source'], RouteSource> = {
  Telemetry: 'DeviceMessages',
  twinChangeEvents: 'TwinChangeEvents',
  deviceLifecycleEvents: 'DeviceLifecycleEvents',
  deviceConnectionStateEvents: 'DeviceConnectionStateEvents',
};

/** A twin as conditions and enrichments read it (`$twin.tags.dtId`, `$twin.properties.desired.x`). */
export interface TwinView {
  tags: unknown;
  properties: { desired: unknown; reported: unknown };
}

export interface Delivery {
  /** An endpoint name: `events` or a named extra endpoint. */
  endpoint: string;
  message: HubMessage;
}

export class RoutingError extends Error {}

/** Compiles a route condition with the hub's query language; the error names the route and the position. */
function compileCondition(routeName: string, condition: string): Query {
  const prefix = 'SELECT * FROM devices WHERE ';
  try {
    return parseQuery(prefix + condition);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new RoutingError(`Route '${routeName}': syntax error at position ${error.position - prefix.length} of its condition.`);
    throw error;
  }
}

/**
 * IoT Hub message routing: each enabled route of the message's source whose condition matches
 * sends it to its endpoint; a device message no route took goes to `events` while the fallback
 * route is enabled. Enrichments add application properties per endpoint (a static value,
 * `$iothubname`, or a `$twin.` path; a path the twin lacks adds nothing).
 */
export class MessageRouter {
  readonly config: RoutingConfig;
  private readonly compiled: { source: RouteSource; query: Query; endpoint: string; enabled: boolean; usesTwin: boolean }[];
  private readonly hubName: string;

  constructor(config: RoutingConfig, hubName: string) {
    this.config = config;
    this.hubName = hubName;
    const known = new Set([BUILT_IN_ENDPOINT, ...config.endpoints.map((e) => e.name)]);
    for (const route of config.routes) {
      for (const endpoint of route.endpointNames) if (!known.has(endpoint)) throw new RoutingError(`Route '${route.name}' names endpoint '${endpoint}', which does not exist.`);
    }
    for (const enrichment of config.enrichments) {
      for (const endpoint of enrichment.endpointNames) if (!known.has(endpoint)) throw new RoutingError(`Enrichment '${enrichment.key}' names endpoint '${endpoint}', which does not exist.`);
    }
    const names = config.routes.map((r) => r.name.toLowerCase());
    if (new Set(names).size !== names.length) throw new RoutingError('Two routes have the same name.');
    this.compiled = config.routes.map((route) => ({
      source: route.source,
      query: compileCondition(route.name, route.condition),
      endpoint: route.endpointNames[0] as string,
      enabled: route.isEnabled,
      usesTwin: route.condition.includes('$twin'),
    }));
  }

  route(message: HubMessage, twin: () => TwinView | undefined): Delivery[] {
    const source = SOURCE_OF[message.source];
    let cachedTwin: TwinView | undefined | null = null;
    const twinOnce = () => (cachedTwin === null ? (cachedTwin = twin()) : cachedTwin);
    const endpoints = new Set<string>();
    let document: Record<string, unknown> | undefined;
    for (const route of this.compiled) {
      if (!route.enabled || route.source !== source) continue;
      document ??= queryDocument(message);
      if (route.usesTwin) document['$twin'] = twinOnce();
      if (matches(route.query, document)) endpoints.add(route.endpoint);
    }
    if (endpoints.size === 0 && source === 'DeviceMessages' && this.config.fallbackRoute.isEnabled) endpoints.add(BUILT_IN_ENDPOINT);
    return [...endpoints].map((endpoint) => ({ endpoint, message: this.enrich(message, endpoint, twinOnce) }));
  }

  private enrich(message: HubMessage, endpoint: string, twin: () => TwinView | undefined): HubMessage {
    const added: Record<string, string> = {};
    for (const enrichment of this.config.enrichments) {
      if (!enrichment.endpointNames.includes(endpoint)) continue;
      const value = enrichmentValue(enrichment.value, this.hubName, twin);
      if (value !== undefined) added[enrichment.key] = value;
    }
    return Object.keys(added).length === 0 ? message : { ...message, application: { ...message.application, ...added } };
  }
}

function enrichmentValue(value: string, hubName: string, twin: () => TwinView | undefined): string | undefined {
  if (value === '$iothubname') return hubName;
  if (!value.startsWith('$twin.')) return value;
  const found = readPath(twin(), value.slice('$twin.'.length).split('.'));
  if (found === undefined || found === null) return undefined;
  return typeof found === 'string' ? found : JSON.stringify(found);
}

/** What a condition sees: application properties by name, `$body` (JSON, UTF-8 only, as the service requires) and `$`-system properties. */
function queryDocument(message: HubMessage): Record<string, unknown> {
  const document: Record<string, unknown> = { ...message.application };
  const { contentType, contentEncoding } = message.system;
  for (const [key, value] of Object.entries(message.system)) document[`$${key}`] = value;
  document['$connectionDeviceId'] = message.deviceId;
  if (contentType?.toLowerCase().startsWith('application/json') && /^utf-?(8|16|32)$/i.test(contentEncoding ?? '')) {
    try {
      document['$body'] = JSON.parse(message.body.toString('utf8'));
    } catch {
      // A body that is not JSON matches no $body condition.
    }
  }
  return document;
}
