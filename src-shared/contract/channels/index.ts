import { appChannels } from './app.ts';
import { digitalTwinsChannels } from './digital-twins.ts';
import { deviceChannels } from './devices.ts';
import { deviceMethodChannels } from './device-methods.ts';
import { monitorChannels } from './monitor.ts';
import { jobChannels } from './jobs.ts';
import { deviceBulkChannels } from './device-bulk.ts';
import { enrollmentChannels } from './enrollments.ts';
import { profileChannels } from './profiles.ts';
import { sandboxChannels } from './sandbox.ts';
import { sandboxEventHubChannels } from './sandbox-eventhub.ts';
import { serialChannels } from './serial.ts';
import { settingsChannels } from './settings.ts';
import { simulatorChannels } from './simulator.ts';
import { taskChannels } from './tasks.ts';
import { timelineChannels } from './timeline.ts';
import { vaultChannels } from './vault.ts';

/**
 * Every request channel crossing the boundary, `domain:verb` → {request, response}.
 * Add a domain by writing `channels/<domain>.ts` and spreading it here; the channel list test pins the result.
 */
export const requestChannels = {
  ...appChannels,
  ...digitalTwinsChannels,
  ...enrollmentChannels,
  ...profileChannels,
  ...sandboxChannels,
  ...sandboxEventHubChannels,
  ...serialChannels,
  ...settingsChannels,
  ...simulatorChannels,
  ...taskChannels,
  ...timelineChannels,
  ...vaultChannels,
  ...deviceChannels,
  ...deviceMethodChannels,
  ...monitorChannels,
  ...jobChannels,
  ...deviceBulkChannels,
};
