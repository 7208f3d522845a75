import { z } from 'zod';
import { channel } from '../channel-spec.ts';

/** One hub's route as IoT Hub names its fields (properties.routing.routes). */
export const sandboxRouteSchema = z.object({
  name: z.string(),
  source: z.string(),
  condition: z.string(),
  endpointNames: z.array(z.string()),
  isEnabled: z.boolean(),
});

/** A sandbox hub's Event Hub-compatible endpoint and routing, without any key. */
export const sandboxHubEventsSchema = z.object({
  hostName: z.string(),
  /** `sb://host:port/`, the Endpoint of the Event Hubs connection string (the key stays in the main process). */
  endpoint: z.string(),
  /** The Event Hub-compatible name (EntityPath). */
  entityPath: z.string(),
  partitionCount: z.number().int(),
  consumerGroups: z.array(z.string()),
  retentionHours: z.number(),
  endpoints: z.array(z.object({ name: z.string() })),
  routes: z.array(sandboxRouteSchema),
  fallbackEnabled: z.boolean(),
  enrichments: z.array(z.object({ key: z.string(), value: z.string(), endpointNames: z.array(z.string()) })),
});
export type SandboxHubEvents = z.infer<typeof sandboxHubEventsSchema>;

/** The sandbox hubs' built-in endpoints, consumer groups, routes and enrichments (configured through the sandbox-only API). */
export const sandboxEventHubChannels = {
  'sandbox:eventHubs': channel(z.object({}).strict(), z.object({ hubs: z.array(sandboxHubEventsSchema) })),
};
