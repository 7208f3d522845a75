import type { Services } from '../../services/container.ts';
import type { Handlers } from '../router.ts';
import { appHandlers } from './app.ts';
import { digitalTwinsHandlers } from './digital-twins.ts';
import { deviceHandlers } from './devices.ts';
import { monitorHandlers } from './monitor.ts';
import { jobHandlers } from './jobs.ts';
import { enrollmentHandlers } from './enrollments.ts';
import { profileHandlers } from './profiles.ts';
import { sandboxHandlers } from './sandbox.ts';
import { sandboxEventHubHandlers } from './sandbox-eventhub.ts';
import { serialHandlers } from './serial.ts';
import { settingsHandlers } from './settings.ts';
import { simulatorHandlers } from './simulator.ts';
import { taskHandlers } from './tasks.ts';
import { timelineHandlers } from './timeline.ts';
import { vaultHandlers } from './vault.ts';

/** Every channel's handler; the type makes a missing handler a compile error. */
export function createHandlers(services: Services): Handlers {
  return {
    ...appHandlers(services),
    ...digitalTwinsHandlers(services),
    ...enrollmentHandlers(services),
    ...profileHandlers(services),
    ...sandboxHandlers(services),
    ...sandboxEventHubHandlers(services),
    ...serialHandlers(services),
    ...settingsHandlers(services),
    ...simulatorHandlers(services),
    ...taskHandlers(services),
    ...timelineHandlers(services),
    ...vaultHandlers(services),
    ...deviceHandlers(services),
    ...monitorHandlers(services),
    ...jobHandlers(services),
  };
}
