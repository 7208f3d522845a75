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
import { VaultService } from './vault/vault-service.ts';
import { HubEvents } from './hub-events/hub-events.ts';
import { activeHubEventSource } from './hub-events/active-source.ts';
import { DevicesService } from './devices/devices-service.ts';
import { DevicesStore } from './devices/devices-store.ts';
import { DeviceMethodsService } from './devices/device-methods-service.ts';
import { MonitorService } from './monitor/monitor-service.ts';
import { JobsService } from './jobs/jobs-service.ts';
import { DeviceBulkService } from './devices/bulk/bulk-service.ts';

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
  /** The hub event reader: one stream per hub of the active profile, fanned out to every consumer. */
  hubEvents: HubEvents;
  /** Device list, identities and twins of the active profile's hubs. */
  devices: DevicesService;
  /** Direct methods (history, templates) and cloud-to-device messages. */
  deviceMethods: DeviceMethodsService;
  /** The telemetry and events monitor, batched to the renderer. */
  monitor: MonitorService;
  /** Jobs v2: twin updates and direct methods over a query condition. */
  jobs: JobsService;
  /** Bulk identity import/export and bulk twin updates, as tasks. */
  deviceBulk: DeviceBulkService;
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
  const hubEvents = new HubEvents({ resolve: activeHubEventSource(profiles) });
  const devicesStore = new DevicesStore(store);
  const devices = new DevicesService({ profiles, store: devicesStore, eventLog });
  events.subscribe((event, payload) => {
    if (event === 'profiles:changed') void hubEvents.profileChanged((payload as { activeId: string }).activeId);
  });
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
    hubEvents,
    devices,
    deviceMethods: new DeviceMethodsService({ profiles, store: devicesStore, eventLog }),
    monitor: new MonitorService({ hubEvents, devices, events }),
    jobs: new JobsService({ profiles, eventLog }),
    deviceBulk: new DeviceBulkService({ profiles, tasks, store: devicesStore, eventLog }),
  };
}

/** Stops whatever the services started (child processes, timers, open stores). */
export async function disposeServices(services: Services): Promise<void> {
  await services.tasks.dispose();
  await services.monitor.dispose();
  await services.hubEvents.dispose();
  await services.sandbox.dispose();
  services.store.close();
}
