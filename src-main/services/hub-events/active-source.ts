import type { AzureClientFactory } from '../azure/client-factory.ts';
import { EventHubsHubEventSource } from './event-hubs-hub-event-source.ts';
import type { ActiveHubEventSource } from './hub-events.ts';

export interface ProfileClients {
  activeId(): Promise<string>;
  clientsFor(id: string): Promise<AzureClientFactory>;
}

/** The consumer group the console reads with; a console-owned group keeps it off others' $Default checkpoints where the hub has one. */
export const CONSUMER_GROUP = '$Default';

/**
 * The event source for the active profile: the hub's Event Hub-compatible endpoint through
 * @azure/event-hubs, for sandbox and Azure profiles alike. Device messages arrive there by the
 * fallback route; lifecycle, twin-change and connection-state events where the hub routes them to
 * `events` (a new sandbox hub does; an Azure hub needs the three routes in src-main/README.md).
 */
export function activeHubEventSource(profiles: ProfileClients): () => Promise<ActiveHubEventSource> {
  return async () => {
    const profileId = await profiles.activeId();
    return { profileId, source: new EventHubsHubEventSource({ consumer: async (hubHost) => (await profiles.clientsFor(profileId)).eventHubConsumer(hubHost, CONSUMER_GROUP) }) };
  };
}
