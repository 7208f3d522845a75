import type { AzureClientFactory } from '../azure/client-factory.ts';
import type { ActiveHubEventSource } from './hub-events.ts';
import { SandboxHubEventSource } from './sandbox-hub-event-source.ts';
import { EventHubEventSource } from './event-hub-event-source.ts';

export interface ProfileClients {
  activeId(): Promise<string>;
  clientsFor(id: string): Promise<AzureClientFactory>;
}

/** Picks the event source that reads the active profile's hubs. */
export function activeHubEventSource(profiles: ProfileClients): () => Promise<ActiveHubEventSource> {
  return async () => {
    const profileId = await profiles.activeId();
    const clients = await profiles.clientsFor(profileId);
    if (clients.target.kind === 'sandbox') {
      return { profileId, source: new SandboxHubEventSource({ clients: () => profiles.clientsFor(profileId) }) };
    }
    // Azure: the built-in Event Hub-compatible endpoint, found by the hub's redirect.
    return { profileId, source: new EventHubEventSource({ clients: () => profiles.clientsFor(profileId) }) };
  };
}
