import { z } from 'zod';
import type { SandboxHubEvents } from '../../../src-shared/contract/channels/sandbox-eventhub.ts';
import { AzureClientFactory, type AzureTarget } from '../azure/client-factory.ts';
import type { SandboxInfo } from './sandbox-info.ts';

// The sandbox-only bodies (src-main/sandbox/README.md, "Sandbox-only API"); extra fields are ignored.
const eventHubSchema = z.object({
  path: z.string(),
  partitionCount: z.number().int(),
  consumerGroups: z.array(z.string()),
  retention: z.object({ maxAgeMs: z.number() }),
});
const routingSchema = z.object({
  endpoints: z.array(z.object({ name: z.string() })),
  routes: z.array(z.object({ name: z.string(), source: z.string(), condition: z.string(), endpointNames: z.array(z.string()), isEnabled: z.boolean() })),
  fallbackRoute: z.object({ isEnabled: z.boolean() }),
  enrichments: z.array(z.object({ key: z.string(), value: z.string(), endpointNames: z.array(z.string()) })),
});

/**
 * Each sandbox hub's Event Hub-compatible endpoint (without its key), consumer groups and routing,
 * read from the hub's sandbox-only API through the client factory (host:port, sandbox CA, keys).
 */
export async function readSandboxEventHubs(info: SandboxInfo, targetFor: (info: SandboxInfo) => Promise<AzureTarget>): Promise<SandboxHubEvents[]> {
  const factory = new AzureClientFactory(await targetFor(info));
  return Promise.all(
    factory.hubHosts().map(async (hostName) => {
      const [eventHub, routing] = await Promise.all([
        factory.sandboxGet(hostName, '/sandbox/v1/eventHub').then((body) => eventHubSchema.parse(body)),
        factory.sandboxGet(hostName, '/sandbox/v1/routing').then((body) => routingSchema.parse(body)),
      ]);
      return {
        hostName,
        endpoint: `sb://${hostName}/`,
        entityPath: eventHub.path,
        partitionCount: eventHub.partitionCount,
        consumerGroups: eventHub.consumerGroups,
        retentionHours: eventHub.retention.maxAgeMs / 3_600_000,
        endpoints: routing.endpoints,
        routes: routing.routes,
        fallbackEnabled: routing.fallbackRoute.isEnabled,
        enrichments: routing.enrichments,
      };
    }),
  );
}
