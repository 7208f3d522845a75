import { appChannels } from './app.ts';
import { deviceChannels } from './devices.ts';
import { deviceMethodChannels } from './device-methods.ts';
import { monitorChannels } from './monitor.ts';
import { jobChannels } from './jobs.ts';
import { deviceBulkChannels } from './device-bulk.ts';
import { profileChannels } from './profiles.ts';
import { sandboxChannels } from './sandbox.ts';
import { settingsChannels } from './settings.ts';
import { taskChannels } from './tasks.ts';
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
  ...vaultChannels,
  ...deviceChannels,
  ...deviceMethodChannels,
  ...monitorChannels,
  ...jobChannels,
  ...deviceBulkChannels,
};
