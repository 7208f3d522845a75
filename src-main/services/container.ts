import { join } from 'node:path';
import { EventBus } from '../events/event-bus.ts';
import { AppService } from './app/app-service.ts';
import type { Ports } from './ports.ts';
import { ProfileUsageLog } from './profiles/profile-usage-log.ts';
import { sandboxTarget } from './profiles/profile-targets.ts';
import { ProfilesService } from './profiles/profiles-service.ts';
import { sandboxStatsCountsReader } from './sandbox/sandbox-counts.ts';
import { SandboxService } from './sandbox/sandbox-service.ts';
import { ConsoleStore } from './store/console-store.ts';
import { EventLog } from './event-log/event-log.ts';
import { Tasks } from './tasks/tasks.ts';
import { jsonSettingsStore } from './settings/json-settings-store.ts';
import { SettingsService } from './settings/settings-service.ts';
import { SimulatorService } from './simulator/simulator-service.ts';
import { VaultService } from './vault/vault-service.ts';

/** Every service the router can reach. Each area adds its service here and its handlers in router/handlers. */
export interface Services {
  events: EventBus;
  app: AppService;
  profiles: ProfilesService;
  vault: VaultService;
  sandbox: SandboxService;
  /** Each profile's own embedded database (indexes, tasks, the event log); never holds a secret. */
  store: ConsoleStore;
  /** The append-only log of what happened to each device; services write, the renderer reads. */
  eventLog: EventLog;
  /** Cancellable, resumable long work (imports, bulk updates, serial batches). */
  tasks: Tasks;
  /** Theme, language, and the station and operator names stamped on events. */
  settings: SettingsService;
  /** The embedded simulator: one fleet of SDK devices in its own process. */
  simulator: SimulatorService;
}

export async function createServices(ports: Ports): Promise<Services> {
  const events = new EventBus();
  // Started lazily by the first caller that needs its endpoints (the profile switcher on first paint),
  // so tests and Azure-only sessions that never touch the sandbox spawn no process.
  const sandbox = new SandboxService({ dataDir: join(ports.paths.userData, 'sandbox'), command: ports.sandboxCommand, events, readCounts: sandboxStatsCountsReader(sandboxTarget) });
  const vault = new VaultService({ dataDir: ports.paths.userData, shell: ports.shellInfo.shell, osCipher: ports.osCipher });
  const usage = new ProfileUsageLog(ports.paths.userData);
  const profiles = new ProfilesService({ dataDir: ports.paths.userData, events, vault, usage, sandboxEndpoints: sandbox.getSandboxEndpoints });
  const store = new ConsoleStore(ports.paths.userData);
  const eventLog = new EventLog(store);
  const tasks = new Tasks(store, events);
  const settings = new SettingsService(ports.settingsStore ?? jsonSettingsStore(ports.paths.userData), ({ station, operator }) => {
    eventLog.identity = { station, operator };
  });
  const { station, operator } = await settings.get();
  eventLog.identity = { station, operator };
  return {
    events,
    app: new AppService(ports.shellInfo),
    profiles,
    vault,
    sandbox,
    store,
    eventLog,
    tasks,
    settings,
    simulator: new SimulatorService({ profiles, eventLog, store, events, launch: ports.simulatorLauncher }),
  };
}

/** Stops whatever the services started (child processes, timers, open stores). */
export async function disposeServices(services: Services): Promise<void> {
  await services.simulator.dispose();
  await services.tasks.dispose();
  await services.sandbox.dispose();
  services.store.close();
}
