import { fleetOptionsSchema, type DeviceLogLine as SimulatorLogLine, type FleetOptions, type FleetOptionsParsed, type SimulatedDevice, type SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import type { EventBus } from '../../events/event-bus.ts';
import type { ChildMessage, DeviceSpec, FaultKind, FleetConfig } from '../../simulator/protocol.ts';
import type { EventLog } from '../event-log/event-log.ts';
import type { ProfilesService } from '../profiles/profiles-service.ts';
import type { ConsoleStore } from '../store/console-store.ts';
import { ConnectionStore } from './connection-store.ts';
import { registrationIds, type FleetKeyring } from './fleet-credentials.ts';
import { planFleet } from './fleet-plan.ts';
import { FleetView } from './fleet-view.ts';
import { recordBatch } from './fleet-recorder.ts';
import { RendererFeed } from './renderer-feed.ts';
import { forkSimulator, startSimulatorProcess, type RunningSimulator, type SimulatorLauncher } from './simulator-process.ts';

export interface SimulatorServiceOptions {
  /** Which profile is active and its SDK client factory (the profiles service). */
  profiles: Pick<ProfilesService, 'activeId' | 'clientsFor'>;
  eventLog: EventLog;
  store: ConsoleStore;
  events?: EventBus;
  launch?: SimulatorLauncher;
  /** Delays before restarting a crashed fleet process; the last repeats. */
  backoffMs?: number[];
  /** Devices registering or connecting at once (default 64: on 2 cores 32 left the fleet waiting on round trips, 64 brought 1,000 up in 11 s rather than 29). */
  startConcurrency?: number;
}

interface RunningFleet {
  profileId: string;
  options: FleetOptionsParsed;
  keyring: FleetKeyring;
  config: FleetConfig;
  specs: Map<string, DeviceSpec>;
  nextNumber: number;
  startedAt: number;
}

const DEFAULT_BACKOFF_MS = [500, 2_000, 5_000, 15_000];

/**
 * The embedded simulator: one fleet at a time, its devices in a child process (so a large fleet
 * never stalls the console), supervised like the sandbox — ready handshake, restart with backoff
 * after a crash, stderr tail without secrets, no orphan. Keys are derived here and cross only the
 * child's IPC. Funnel events go to the event log as they happen; the renderer gets batches.
 */
export class SimulatorService {
  private readonly options: SimulatorServiceOptions;
  private readonly connections: ConnectionStore;
  private state: SimulatorStatus['state'] = 'idle';
  private fleet: RunningFleet | null = null;
  private child: RunningSimulator | null = null;
  private view = new FleetView();
  private faults = new Set<FaultKind>();
  private lastError: string | null = null;
  private crashes = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly ticker: NodeJS.Timeout;
  private readonly listeners = new Set<(status: SimulatorStatus) => void>();
  private readonly feed: RendererFeed;

  constructor(options: SimulatorServiceOptions) {
    this.options = options;
    this.connections = new ConnectionStore(options.store);
    this.feed = new RendererFeed(options.events, () => this.view);
    this.ticker = setInterval(() => this.tick(), 1_000);
    this.ticker.unref();
  }

  status(): SimulatorStatus {
    const fleet = this.fleet;
    return {
      state: this.state,
      pid: this.child?.pid ?? null,
      profileId: fleet?.profileId ?? null,
      sourceLabel: fleet?.keyring.label ?? null,
      startedAt: fleet?.startedAt ?? null,
      counters: { ...this.view.counters, messagesPerSecond: Math.round(this.view.messagesPerSecond * 10) / 10 },
      faults: [...this.faults],
      lastError: this.lastError,
      history: this.view.history,
    };
  }

  /** Called with the status once a second and on every state change (the CLI, tests). */
  onStatus(listener: (status: SimulatorStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a fleet on a profile (default: the active one). The programmatic API other areas' tests use. */
  async startFleet(input: FleetOptions, profileId?: string): Promise<SimulatorStatus> {
    const parsed = fleetOptionsSchema.safeParse(input);
    if (!parsed.success) throw new AppError('validation', `Fleet options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (this.fleet) throw new AppError('conflict', 'A fleet is already running; stop it first');
    const options = parsed.data;
    const id = profileId ?? (await this.options.profiles.activeId());
    this.setState('starting');
    this.lastError = null;
    try {
      const clients = await this.options.profiles.clientsFor(id);
      const { keyring, config, ids } = await planFleet(clients, options, this.options.startConcurrency ?? 64);
      this.fleet = { profileId: id, options, keyring, config, specs: new Map(), nextNumber: ids.length + 1, startedAt: Date.now() };
      this.view = new FleetView();
      this.faults.clear();
      this.crashes = 0;
      for (const spec of await this.specsFor(ids)) this.fleet.specs.set(spec.registrationId, spec);
      await this.launch();
    } catch (error) {
      this.fleet = null;
      this.lastError = (error as Error).message;
      this.setState('idle');
      throw error;
    }
    return this.status();
  }

  pause(): SimulatorStatus {
    this.requireRunning().send({ type: 'pause' });
    this.setState('paused');
    return this.status();
  }

  resume(): SimulatorStatus {
    this.requireRunning().send({ type: 'resume' });
    this.setState('running');
    return this.status();
  }

  async stop(): Promise<SimulatorStatus> {
    this.clearRestart();
    const child = this.child;
    if (child) {
      this.setState('stopping');
      this.child = null;
      await child.stop();
    }
    this.fleet = null;
    this.faults.clear();
    this.view.counters = { ...this.view.counters, connected: 0 };
    this.setState('idle');
    return this.status();
  }

  async scale(count: number): Promise<SimulatorStatus> {
    const fleet = this.requireFleet();
    const child = this.requireRunning();
    const current = [...fleet.specs.keys()];
    if (count < current.length) {
      const removed = current.slice(count);
      for (const id of removed) fleet.specs.delete(id);
      child.send({ type: 'remove', ids: removed });
      this.view.forget(removed);
    } else if (count > current.length) {
      if (fleet.keyring.fixedIds) throw new AppError('validation', `This fleet runs ${fleet.keyring.fixedIds.length} individual enrollments and cannot grow beyond them`);
      const ids = registrationIds(fleet.options.idPattern, fleet.nextNumber, count - current.length);
      fleet.nextNumber += ids.length;
      const specs = await this.specsFor(ids);
      for (const spec of specs) fleet.specs.set(spec.registrationId, spec);
      child.send({ type: 'add', devices: specs });
    }
    return this.status();
  }

  setFault(fault: FaultKind, active: boolean, ids: string[] | null): SimulatorStatus {
    this.requireRunning().send({ type: 'fault', fault, active, ids });
    if (ids === null) {
      if (active) this.faults.add(fault);
      else this.faults.delete(fault);
    }
    return this.status();
  }

  reprovision(ids: string[] | null): SimulatorStatus {
    this.requireRunning().send({ type: 'reprovision', ids });
    return this.status();
  }

  devices(): { devices: SimulatedDevice[] } {
    return { devices: [...this.view.devices.values()] };
  }

  deviceLog(id: string): { lines: SimulatorLogLine[] } {
    return { lines: this.view.deviceLog(id) };
  }

  /** The fleet child's pid, resident memory now and before its first device (the benchmark's per-device figure). */
  memory(): { pid: number | null; rssKb: number; baselineRssKb: number } {
    return { pid: this.child?.pid ?? null, rssKb: this.view.rssKb, baselineRssKb: this.child?.baselineRssKb ?? 0 };
  }

  async dispose(): Promise<void> {
    clearInterval(this.ticker);
    this.feed.stop();
    await this.stop();
  }

  private async specsFor(ids: string[]): Promise<DeviceSpec[]> {
    const fleet = this.requireFleet();
    const stored = fleet.options.reprovision ? new Map() : this.connections.lookup(fleet.profileId, ids);
    const specs: DeviceSpec[] = [];
    for (const id of ids) specs.push({ registrationId: id, credential: await fleet.keyring.credential(id), connection: stored.get(id) ?? null });
    return specs;
  }

  private async launch(): Promise<void> {
    const fleet = this.requireFleet();
    const child = await startSimulatorProcess(this.options.launch ?? forkSimulator, (message) => this.onChildMessage(message));
    if (this.fleet !== fleet) {
      await child.stop();
      return;
    }
    this.child = child;
    child.send({ type: 'start', config: fleet.config, devices: [...fleet.specs.values()] });
    for (const fault of this.faults) child.send({ type: 'fault', fault, active: true, ids: null });
    this.setState('running');
    void child.exited.then((exit) => {
      if (this.child !== child) return;
      this.child = null;
      const tail = child.stderr.tail(5);
      this.lastError = `the simulator process stopped unexpectedly (${exit.signal ?? `exit code ${exit.code}`})${tail.length ? `: ${tail.join(' | ')}` : ''}`;
      this.view.counters = { ...this.view.counters, connected: 0 };
      this.setState('crashed');
      this.scheduleRestart(fleet);
    });
  }

  private scheduleRestart(fleet: RunningFleet): void {
    const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const delay = backoff[Math.min(this.crashes, backoff.length - 1)] ?? 1_000;
    this.crashes += 1;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.fleet !== fleet) return;
      // Devices reconnect with what they stored; only those never provisioned register again.
      const stored = this.connections.lookup(fleet.profileId, [...fleet.specs.keys()]);
      for (const spec of fleet.specs.values()) spec.connection = stored.get(spec.registrationId) ?? spec.connection ?? null;
      this.setState('starting');
      this.launch().catch((error: unknown) => {
        this.lastError = (error as Error).message;
        this.setState('crashed');
        this.scheduleRestart(fleet);
      });
    }, delay);
    this.restartTimer.unref();
  }

  private onChildMessage(message: ChildMessage): void {
    const fleet = this.fleet;
    if (message.type !== 'batch' || !fleet) return;
    // A device scaled away may still report its last state: only the fleet's own devices are shown.
    const updates = message.updates.filter((u) => fleet.specs.has(u.id));
    this.view.apply(updates, message.logs, message.counters, message.rssKb);
    try {
      for (const row of recordBatch(this.options.eventLog, this.connections, fleet.profileId, message.events)) {
        const spec = fleet.specs.get(row.registrationId);
        if (spec) spec.connection = row.connection;
      }
    } catch (error) {
      this.lastError = `events not recorded: ${(error as Error).message}`;
    }
    this.feed.push(updates.map((u) => u.id), message.logs);
  }

  private tick(): void {
    if (!this.fleet) return;
    this.view.sample();
    this.notify();
  }

  private requireFleet(): RunningFleet {
    if (!this.fleet) throw new AppError('not_found', 'No fleet is running');
    return this.fleet;
  }

  private requireRunning(): RunningSimulator {
    this.requireFleet();
    if (!this.child) throw new AppError('unavailable', `The simulator process is not running${this.lastError ? `: ${this.lastError}` : ''}`);
    return this.child;
  }

  private clearRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private setState(state: SimulatorStatus['state']): void {
    this.state = state;
    this.notify();
  }

  private notify(): void {
    const status = this.status();
    this.options.events?.emit('simulator:status', status);
    for (const listener of this.listeners) listener(status);
  }
}
