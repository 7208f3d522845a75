import { AsyncLocalStorage } from 'node:async_hooks';
import { DeviceRunner, type RunnerHost } from './device-runner.ts';
import type { ChildMessage, DeviceLogLine, DeviceSpec, FaultKind, FleetConfig, FleetCounters, SimEvent } from './protocol.ts';

const FLUSH_MS = 250;
const MAX_LOGS_PER_FLUSH = 2_000;

/**
 * The devices of one fleet in this process: starts them a few at a time, applies pause and
 * faults, and sends what changed to the parent in one batch every 250 ms.
 */
export class Fleet implements RunnerHost {
  readonly config: FleetConfig;
  paused = false;
  private readonly runners = new Map<string, DeviceRunner>();
  private readonly queue: Array<{ runner: DeviceRunner; reprovision: boolean }> = [];
  private inFlight = 0;
  private nextIndex = 0;
  private readonly faults = new Map<FaultKind, Set<string> | 'all'>();
  private readonly dirty = new Set<DeviceRunner>();
  private logs: DeviceLogLine[] = [];
  private droppedLogs = 0;
  private events: SimEvent[] = [];
  private readonly startedAt = performance.now();
  private readyMs: number | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly send: (message: ChildMessage) => void;
  /** Which device an SDK callback belongs to, so an uncaught SDK exception is that device's error. */
  static readonly current = new AsyncLocalStorage<DeviceRunner>();

  constructor(config: FleetConfig, send: (message: ChildMessage) => void) {
    this.config = config;
    this.send = send;
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
  }

  add(devices: DeviceSpec[]): void {
    for (const spec of devices) {
      if (this.runners.has(spec.registrationId)) continue;
      const runner = new DeviceRunner(spec, this.nextIndex++, this);
      this.runners.set(runner.id, runner);
      this.dirty.add(runner);
      this.queue.push({ runner, reprovision: false });
    }
    this.readyMs = null;
    this.pump();
  }

  async remove(ids: string[]): Promise<void> {
    const runners = ids.map((id) => this.runners.get(id)).filter((r): r is DeviceRunner => r !== undefined);
    await Promise.all(runners.map((runner) => runner.stop()));
    for (const runner of runners) {
      this.runners.delete(runner.id);
      this.dirty.delete(runner);
    }
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    for (const runner of this.runners.values()) runner.setPaused(paused);
  }

  /** Turns a fault on or off for some devices (null: all). Lifting reconnects what it took down. */
  setFault(kind: FaultKind, active: boolean, ids: string[] | null): void {
    const targets = ids ? ids.map((id) => this.runners.get(id)).filter((r): r is DeviceRunner => r !== undefined) : [...this.runners.values()];
    const current = this.faults.get(kind);
    if (active) {
      if (ids === null || current === 'all') this.faults.set(kind, 'all');
      else this.faults.set(kind, new Set([...(current ?? []), ...ids]));
    } else if (ids === null || current === 'all') this.faults.delete(kind);
    else for (const id of ids) current?.delete(id);
    for (const runner of targets) {
      this.log(runner.id, active ? 'warn' : 'info', `fault ${kind} ${active ? 'on' : 'lifted'}`);
      const reconnectKind = kind === 'drop-connection' || kind === 'expired-token';
      if (!reconnectKind) continue;
      if (active && runner.client) void runner.disconnect(`connection dropped (fault: ${kind})`).then(() => (kind === 'expired-token' ? runner.connect() : undefined));
      else if (!active && !runner.client && runner.connection && runner.state !== 'stopped') void runner.connect();
    }
  }

  reprovision(ids: string[] | null): void {
    const targets = ids ? ids.map((id) => this.runners.get(id)).filter((r): r is DeviceRunner => r !== undefined) : [...this.runners.values()];
    for (const runner of targets) void runner.disconnect('re-provisioning').then(() => this.queue.push({ runner, reprovision: true })).then(() => this.pump());
  }

  faultActive(kind: FaultKind, id: string): boolean {
    const set = this.faults.get(kind);
    return set === 'all' || (set?.has(id) ?? false);
  }

  changed(runner: DeviceRunner): void {
    this.dirty.add(runner);
  }

  log(id: string, level: DeviceLogLine['level'], text: string): void {
    if (this.logs.length >= MAX_LOGS_PER_FLUSH) this.droppedLogs += 1;
    else this.logs.push({ id, at: Date.now(), level, text });
  }

  event(id: string, kind: SimEvent['kind'], outcome: SimEvent['outcome'], detail: Record<string, unknown> = {}): void {
    const runner = this.runners.get(id);
    this.events.push({ id, at: Date.now(), kind, outcome, deviceId: runner?.connection?.deviceId ?? null, hubHost: runner?.connection?.assignedHub ?? null, detail });
  }

  /** Blames an exception the SDK threw out of its own callbacks on the device it came from. */
  blame(error: Error): boolean {
    const runner = Fleet.current.getStore();
    if (!runner) return false;
    runner.fail(`SDK error: ${error.message}`);
    return true;
  }

  async stop(): Promise<void> {
    this.queue.length = 0;
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    this.flush();
    clearInterval(this.timer);
  }

  counters(): FleetCounters {
    let provisioned = 0;
    let connected = 0;
    let messagesSent = 0;
    let errors = 0;
    let ready = 0;
    for (const runner of this.runners.values()) {
      if (runner.connection) provisioned += 1;
      if (runner.client) connected += 1;
      if (runner.client && runner.messages > 0) ready += 1;
      messagesSent += runner.messages;
      errors += runner.errors;
    }
    if (this.readyMs === null && this.runners.size > 0 && ready === this.runners.size) this.readyMs = Math.round(performance.now() - this.startedAt);
    return { devices: this.runners.size, provisioned, connected, messagesSent, errors, readyMs: this.readyMs };
  }

  flush(): void {
    const updates = [...this.dirty].map((runner) => runner.update());
    this.dirty.clear();
    const logs = this.logs;
    if (this.droppedLogs) logs.push({ id: '', at: Date.now(), level: 'warn', text: `${this.droppedLogs} log lines dropped (too many at once)` });
    this.logs = [];
    this.droppedLogs = 0;
    const events = this.events;
    this.events = [];
    this.send({ type: 'batch', updates, logs, events, counters: this.counters(), rssKb: Math.round(process.memoryUsage.rss() / 1024) });
  }

  private pump(): void {
    while (this.inFlight < this.config.startConcurrency && this.queue.length) {
      const { runner, reprovision } = this.queue.shift()!;
      this.inFlight += 1;
      void Fleet.current
        .run(runner, () => runner.start(reprovision))
        .catch((error: unknown) => runner.fail(`start failed: ${(error as Error).message}`, 'failed'))
        .finally(() => {
          this.inFlight -= 1;
          this.pump();
        });
    }
  }
}
