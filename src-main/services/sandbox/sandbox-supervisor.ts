import { rm } from 'node:fs/promises';
import type { SandboxStatus } from '../../../src-shared/contract/channels/sandbox.ts';
import type { SandboxCommandFactory } from './sandbox-command.ts';
import { summarizeEndpoints, type SandboxInfo } from './sandbox-info.ts';
import { clearChild, recordChild, stopOrphan } from './orphan-guard.ts';
import { startSandboxProcess, type RunningSandbox } from './sandbox-process.ts';

export interface SandboxSupervisorOptions {
  dataDir: string;
  command: SandboxCommandFactory;
  readyTimeoutMs?: number;
  /** Delays before restart attempts after consecutive crashes; the last repeats. */
  backoffMs?: number[];
  /** A run this long counts as healthy and resets the backoff. */
  healthyAfterMs?: number;
  onStatus?: (status: SandboxStatus) => void;
}

const DEFAULT_BACKOFF_MS = [500, 1_000, 2_000, 5_000, 15_000, 30_000];

/**
 * Keeps the sandbox running in its own child process, so a crash or a device flood there never
 * stalls the console: starts it on demand, restarts it after a crash with backoff, stops it on
 * dispose. Holds the full endpoints (with keys) for main-process services only.
 */
export class SandboxSupervisor {
  private readonly options: SandboxSupervisorOptions;
  private state: SandboxStatus['state'] = 'stopped';
  private running: RunningSandbox | null = null;
  private startedAt: number | null = null;
  private restarts = 0;
  private consecutiveCrashes = 0;
  private lastError: string | null = null;
  /** The start in progress (or the last one), which endpoint callers await. */
  private starting: Promise<RunningSandbox | null> | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Bumped by stop/dispose so an exit we caused is not taken for a crash. */
  private generation = 0;
  private disposed = false;

  constructor(options: SandboxSupervisorOptions) {
    this.options = options;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  status(): SandboxStatus {
    const running = this.state === 'running' ? this.running : null;
    return {
      state: this.state,
      pid: running?.pid ?? null,
      startedAt: running ? this.startedAt : null,
      uptimeMs: running && this.startedAt !== null ? Date.now() - this.startedAt : null,
      restarts: this.restarts,
      lastError: this.lastError,
      endpoints: running ? summarizeEndpoints(running.info) : null,
    };
  }

  /** Full endpoints with connection strings, starting the sandbox if needed; null if it cannot run. */
  async endpoints(): Promise<SandboxInfo | null> {
    if (this.disposed) return null;
    if (this.state === 'running' && this.running) return this.running.info;
    // While a crash backoff runs, callers get null rather than forcing a restart loop.
    if (this.state === 'crashed' && this.restartTimer) return null;
    const started = await (this.starting ?? this.start());
    return started?.info ?? null;
  }

  /** The pid of the running child, for tools that sample its memory. */
  pid(): number | null {
    return this.state === 'running' ? (this.running?.pid ?? null) : null;
  }

  start(): Promise<RunningSandbox | null> {
    if (this.disposed) return Promise.resolve(null);
    if (this.state === 'running' && this.running) return Promise.resolve(this.running);
    if (this.state === 'starting' && this.starting) return this.starting;
    this.clearRestartTimer();
    const generation = this.generation;
    this.setState('starting');
    this.starting = this.launch(generation);
    return this.starting;
  }

  async restart(): Promise<SandboxStatus> {
    await this.stop();
    this.consecutiveCrashes = 0;
    await this.start();
    return this.status();
  }

  /** Stops the sandbox, deletes everything it stored, and starts it fresh. */
  async reset(): Promise<SandboxStatus> {
    await this.stop();
    await rm(this.options.dataDir, { recursive: true, force: true });
    this.consecutiveCrashes = 0;
    this.lastError = null;
    await this.start();
    return this.status();
  }

  async stop(): Promise<void> {
    this.generation += 1;
    this.clearRestartTimer();
    // A start in flight finishes (or fails) first so its child cannot outlive the stop.
    if (this.starting) await this.starting.catch(() => null);
    const running = this.running;
    this.running = null;
    this.starting = null;
    this.startedAt = null;
    if (running) {
      await running.stop();
      await clearChild(this.options.dataDir).catch(() => undefined);
    }
    if (this.state !== 'stopped') this.setState('stopped');
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stop();
  }

  private async launch(generation: number): Promise<RunningSandbox | null> {
    let running: RunningSandbox;
    try {
      await stopOrphan(this.options.dataDir);
      running = await startSandboxProcess(this.options.command(this.options.dataDir), this.options.readyTimeoutMs);
      // Only a help for the next console after a crash: a read-only data dir must not fail the start.
      await recordChild(this.options.dataDir, running.pid).catch(() => undefined);
    } catch (error) {
      if (generation !== this.generation) return null;
      this.lastError = (error as Error).message;
      this.onCrash(generation);
      return null;
    }
    if (generation !== this.generation || this.disposed) {
      await running.stop();
      return null;
    }
    this.running = running;
    this.startedAt = Date.now();
    this.setState('running');
    void running.exited.then((exit) => {
      if (generation !== this.generation || this.running !== running) return;
      const ranMs = Date.now() - (this.startedAt ?? Date.now());
      if (ranMs >= (this.options.healthyAfterMs ?? 60_000)) this.consecutiveCrashes = 0;
      const tail = running.stderr.tail(5);
      this.lastError = `the sandbox stopped unexpectedly (${exit.signal ?? `exit code ${exit.code}`})${tail.length ? `: ${tail.join(' | ')}` : ''}`;
      this.running = null;
      this.startedAt = null;
      this.onCrash(generation);
    });
    return running;
  }

  private onCrash(generation: number): void {
    this.starting = null;
    this.setState('crashed');
    if (this.disposed || generation !== this.generation) return;
    const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const delay = backoff[Math.min(this.consecutiveCrashes, backoff.length - 1)] ?? 1_000;
    this.consecutiveCrashes += 1;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (generation !== this.generation || this.disposed) return;
      this.restarts += 1;
      void this.start();
    }, delay);
    this.restartTimer.unref();
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private setState(state: SandboxStatus['state']): void {
    this.state = state;
    this.options.onStatus?.(this.status());
  }
}
