import type { Services } from '../../services/container.ts';
import type { Handlers } from '../router.ts';
import { appHandlers } from './app.ts';
import { profileHandlers } from './profiles.ts';
import { sandboxHandlers } from './sandbox.ts';
import { settingsHandlers } from './settings.ts';
import { taskHandlers } from './tasks.ts';
import { timelineHandlers } from './timeline.ts';
import { vaultHandlers } from './vault.ts';

/** Every channel's handler; the type makes a missing handler a compile error. */
export function createHandlers(services: Services): Handlers {
  return {
    ...appHandlers(services),
    ...profileHandlers(services),
    ...sandboxHandlers(services),
    ...settingsHandlers(services),
    ...taskHandlers(services),
    ...timelineHandlers(services),
    ...vaultHandlers(services),
  };
}
