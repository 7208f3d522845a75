import type { AzureClientFactory } from '../azure/client-factory.ts';
import { EventHubsHubEventSource } from './event-hubs-hub-event-source.ts';
import type { ActiveHubEventSource } from './hub-events.ts';
import { SandboxHubEventSource } from './sandbox-hub-event-source.ts';
import { SplitHubEventSource } from './split-hub-event-source.ts';

export interface ProfileClients {
  activeId(): Promise<string>;
  clientsFor(id: string): Promise<AzureClientFactory>;
}

/** The consumer group the console reads with; a console-owned group keeps it off others' $Default checkpoints where the hub has one. */
export const CONSUMER_GROUP = '$Default';

/**
 * Picks the event source for the active profile: the hub's Event Hub-compatible endpoint through
 * @azure/event-hubs for every profile; sandbox profiles add the sandbox's own stream for the
 * notifications a hub's built-in endpoint carries only when routed there.
 */
export function activeHubEventSource(profiles: ProfileClients): () => Promise<ActiveHubEventSource> {
  return async () => {
    const profileId = await profiles.activeId();
    const clients = await profiles.clientsFor(profileId);
    const eventHubs = new EventHubsHubEventSource({ consumer: async (hubHost) => (await profiles.clientsFor(profileId)).eventHubConsumer(hubHost, CONSUMER_GROUP) });
    if (clients.target.kind !== 'sandbox') return { profileId, source: eventHubs };
    const stream = new SandboxHubEventSource({ clients: () => profiles.clientsFor(profileId) });
    return { profileId, source: new SplitHubEventSource(eventHubs, stream) };
  };
}
