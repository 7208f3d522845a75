import { EventBus } from '../events/event-bus.ts';
import { AppService } from './app/app-service.ts';
import type { Ports } from './ports.ts';
import { ProfilesService } from './profiles/profiles-service.ts';

/** Every service the router can reach. Each area adds its service here and its handlers in router/handlers. */
export interface Services {
  events: EventBus;
  app: AppService;
  profiles: ProfilesService;
}

export async function createServices(ports: Ports): Promise<Services> {
  const events = new EventBus();
  return {
    events,
    app: new AppService(ports.shellInfo),
    profiles: new ProfilesService({ dataDir: ports.paths.userData, events }),
  };
}

/** Stops whatever the services started (child processes, timers, open stores). */
export async function disposeServices(_services: Services): Promise<void> {}
