import { join } from 'node:path';
import { EventBus } from '../events/event-bus.ts';
import { AppService } from './app/app-service.ts';
import { DigitalTwinsService } from './digital-twins/digital-twins-service.ts';
import type { Ports } from './ports.ts';
import { ProfileUsageLog } from './profiles/profile-usage-log.ts';
import { sandboxTarget } from './profiles/profile-targets.ts';
import { ProfilesService } from './profiles/profiles-service.ts';
import { sandboxStatsCountsReader } from './sandbox/sandbox-counts.ts';
import { SandboxService } from './sandbox/sandbox-service.ts';
import { groupCredentials } from './serial/group-credentials.ts';
import { defineSerialBatch } from './serial/serial-batch.ts';
import { SerialService } from './serial/serial-service.ts';
import { ConsoleStore } from './store/console-store.ts';
import { EventLog } from './event-log/event-log.ts';
import { EnrollmentsService } from './enrollments/enrollments-service.ts';
import { Tasks } from './tasks/tasks.ts';
import { TimelineService } from './timeline/timeline-service.ts';
import { ReconciliationService } from './reconciliation/reconciliation-service.ts';
import { recordProfileUsage } from './timeline/recorders/profile-usage-recorder.ts';
import { TimelineRecorders } from './timeline/recorders/timeline-recorders.ts';
import { jsonSettingsStore } from './settings/json-settings-store.ts';
import { SettingsService } from './settings/settings-service.ts';
import { SimulatorService } from './simulator/simulator-service.ts';
import { VaultService } from './vault/vault-service.ts';
import { redactSecrets } from '../security/redact.ts';
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
  /** Reads the event log: device timelines, the fleet funnel, the inventory, exports, retention. */
  timeline: TimelineService;
  /** DPS ↔ hub reconciliation: findings, and the fixes the operator confirms. */
  reconciliation: ReconciliationService;
  /** Feeds the event log from DPS registration records (polled) and trims it to the retention. */
  timelineRecorders: TimelineRecorders;
  /** The hub event reader: one stream per hub of the active profile, fanned out to every consumer. */
  hubEvents: HubEvents;
  /** The bench serial tool: ports, verified credential pushes onto a Pi, batches. */
  serial: SerialService;
  /** Azure Digital Twins on the active profile, the seed's functions (sandbox), the Allocation lab. */
  digitalTwins: DigitalTwinsService;
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
  /** Enrollments: the local index, CRUD, CSV import, key delivery, registration states, DPS overview. */
  enrollments: EnrollmentsService;
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
  const timeline = new TimelineService(store, eventLog);
  recordProfileUsage(usage, eventLog);
  const settings = new SettingsService(ports.settingsStore ?? jsonSettingsStore(ports.paths.userData), ({ station, operator }) => {
    eventLog.identity = { station, operator };
  });
  const serial = new SerialService({ events, eventLog, store, credentials: groupCredentials(profiles), profileId: () => profiles.activeId() });
  defineSerialBatch(tasks, serial);
  const { station, operator } = await settings.get();
  eventLog.identity = { station, operator };
  const hubEvents = new HubEvents({ resolve: activeHubEventSource(profiles) });
  const devicesStore = new DevicesStore(store);
  const devices = new DevicesService({ profiles, store: devicesStore, eventLog });
  events.subscribe((event, payload) => {
    if (event === 'profiles:changed') void hubEvents.profileChanged((payload as { activeId: string }).activeId);
  });
  const timelineRecorders = new TimelineRecorders({ store, eventLog, timeline, hubEvents, activeId: () => profiles.activeId(), activeClients: () => profiles.activeClients(), sandboxRunning: () => sandbox.status().state === 'running', log: (line) => console.error(redactSecrets(line)) });
  timelineRecorders.start();
  events.subscribe((event, payload) => {
    if (event === 'profiles:changed' || (event === 'sandbox:status' && (payload as { state: string }).state === 'running')) void timelineRecorders.recordHubs();
  });
  const digitalTwins = new DigitalTwinsService({ profiles, store, sandboxEndpoints: sandbox.getSandboxEndpoints, hubEvents: () => hubEvents, functionsLauncher: ports.functionsLauncher, functionsDir: ports.functionsDir });
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
    timeline,
    timelineRecorders,
    reconciliation: new ReconciliationService({ activeId: () => profiles.activeId(), useActive: (operation, run) => profiles.useActive(operation, run), eventLog }),
    hubEvents,
    serial,
    digitalTwins,
    devices,
    deviceMethods: new DeviceMethodsService({ profiles, store: devicesStore, eventLog }),
    monitor: new MonitorService({ hubEvents, devices, events }),
    jobs: new JobsService({ profiles, eventLog }),
    deviceBulk: new DeviceBulkService({ profiles, tasks, store: devicesStore, eventLog }),
    enrollments: new EnrollmentsService({ store, eventLog, tasks, events, profiles }),
    simulator: new SimulatorService({ profiles, eventLog, store, events, launch: ports.simulatorLauncher }),
  };
}

/** Stops whatever the services started (child processes, timers, open stores). */
export async function disposeServices(services: Services): Promise<void> {
  services.serial.dispose();
  await services.simulator.dispose();
  await services.tasks.dispose();
  await services.monitor.dispose();
  await services.timelineRecorders.dispose();
  await services.hubEvents.dispose();
  await services.digitalTwins.dispose();
  await services.sandbox.dispose();
  services.store.close();
}
