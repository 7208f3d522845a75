import { appChannels } from './app.ts';
import { profileChannels } from './profiles.ts';
import { sandboxChannels } from './sandbox.ts';
import { settingsChannels } from './settings.ts';
import { taskChannels } from './tasks.ts';
import { timelineChannels } from './timeline.ts';
import { vaultChannels } from './vault.ts';

/**
 * Every request channel crossing the boundary, `domain:verb` → {request, response}.
 * Add a domain by writing `channels/<domain>.ts` and spreading it here; the channel list test pins the result.
 */
export const requestChannels = {
  ...appChannels,
  ...profileChannels,
  ...sandboxChannels,
  ...settingsChannels,
  ...taskChannels,
  ...timelineChannels,
  ...vaultChannels,
};
