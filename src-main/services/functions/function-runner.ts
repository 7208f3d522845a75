import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { HostConfig, HostEvent, HostRecord, ReadyRecord } from './function-protocol.ts';

const BIN = fileURLToPath(new URL('../../../bin/provisioning-bench.mjs', import.meta.url));
/** The seed's modules, shipped once in assets/ for Azure and run from there for the sandbox. */
export const SEED_LIB_DIR = fileURLToPath(new URL('../../../assets/functions/src/lib', import.meta.url));

export type RunnerConfig = Omit<HostConfig, 'libDir' | 'port' | 'callTimeoutMs' | 'concurrency'> & Partial<Pick<HostConfig, 'libDir' | 'callTimeoutMs' | 'concurrency'>>;

/**
 * The console's side of the function host child (`provisioning-bench functions-host`): starts
 * it, hands it events, hears its call records, and restarts it (same webhook port) when it dies,
 * so a function that crashes its process costs that call only.
 */
export class FunctionRunner {
  private child: ChildProcessWithoutNullStreams | undefined;
  private ready: Promise<ReadyRecord> | undefined;
  private port = 0;
  private stopped = false;
  private restarts = 0;
  private readonly listeners = new Set<(record: HostRecord) => void>();
  private flushWaiters: (() => void)[] = [];
  private readonly config: RunnerConfig;

  constructor(config: RunnerConfig) {
    this.config = config;
  }

  /** Starts the child if it is not running; resolves with its webhook URLs. */
  start(): Promise<ReadyRecord> {
    this.stopped = false;
    this.ready ??= this.spawnChild();
    return this.ready;
  }

  onRecord(listener: (record: HostRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(event: HostEvent): void {
    this.child?.stdin.write(`${JSON.stringify(event)}\n`);
  }

  /** Resolves once the child has handled every event sent so far. */
  flush(): Promise<void> {
    if (!this.child) return Promise.resolve();
    return new Promise((resolve) => {
      this.flushWaiters.push(resolve);
      this.child?.stdin.write('{"type":"flush"}\n');
    });
  }

  get restartCount(): number {
    return this.restarts;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end();
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(kill);
  }

  private spawnChild(): Promise<ReadyRecord> {
    const child = spawn(process.execPath, [BIN, 'functions-host'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const stderrTail: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 8) stderrTail.shift();
    });
    const config: HostConfig = { libDir: SEED_LIB_DIR, callTimeoutMs: 10_000, concurrency: 32, ...this.config, port: this.port };
    child.stdin.write(`${JSON.stringify(config)}\n`);
    return new Promise<ReadyRecord>((resolve, reject) => {
      let isReady = false;
      const timer = setTimeout(() => reject(new Error('the function host did not start within 20 s')), 20_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        let record: HostRecord | { type: 'flushed' };
        try {
          record = JSON.parse(line) as HostRecord | { type: 'flushed' };
        } catch {
          return;
        }
        if (record.type === 'ready') {
          isReady = true;
          clearTimeout(timer);
          this.port = Number(new URL(record.allocationUrl).port);
          resolve(record);
        } else if (record.type === 'flushed') this.flushWaiters.shift()?.();
        else this.listeners.forEach((listener) => listener(record));
      });
      child.once('exit', (code, signal) => {
        process.off('exit', killOnExit);
        clearTimeout(timer);
        this.flushWaiters.splice(0).forEach((resolve) => resolve());
        if (!isReady) reject(new Error(`the function host exited before it was ready (${signal ?? code}): ${stderrTail.join(' | ')}`));
        if (this.child !== child || this.stopped) return;
        // Crashed: start again on the same port after a short backoff.
        this.restarts++;
        this.child = undefined;
        const delay = Math.min(5000, 250 * 2 ** Math.min(this.restarts, 4));
        setTimeout(() => {
          if (!this.stopped) this.ready = this.spawnChild();
        }, delay).unref();
      });
    });
  }
}
