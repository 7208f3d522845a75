import { AppError } from '../../../src-shared/contract/result.ts';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import type { ActiveHubEventSource } from './hub-events.ts';
import { SandboxHubEventSource } from './sandbox-hub-event-source.ts';

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
    return {
      profileId,
      source: {
        subscribe: () => Promise.reject(new AppError('unsupported', 'Reading hub events of an Azure profile needs its Event Hub-compatible endpoint, which this build does not read yet')),
      },
    };
  };
}
