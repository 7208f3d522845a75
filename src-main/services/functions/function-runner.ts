import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { HostConfig, HostEvent, HostRecord, ReadyRecord } from './function-protocol.ts';
import { spawnFunctionsHost, type FunctionsHostChild, type FunctionsLauncher } from './functions-launcher.ts';

/** The seed's Functions project in the source tree; the Electron shell ships it as a resource and passes its own. */
export const SEED_FUNCTIONS_DIR = fileURLToPath(new URL('../../../assets/functions', import.meta.url));
/** The seed's modules, shipped once in assets/ for Azure and run from there for the sandbox. */
export const SEED_LIB_DIR = fileURLToPath(new URL('../../../assets/functions/src/lib', import.meta.url));

/** `port`: the webhook port to take (a replaced host keeps its predecessor's, so enrollment groups keep working); default any. */
export type RunnerConfig = Omit<HostConfig, 'libDir' | 'port' | 'callTimeoutMs' | 'concurrency'> & Partial<Pick<HostConfig, 'libDir' | 'callTimeoutMs' | 'concurrency' | 'port'>>;

/**
 * The console's side of the function host child (`provisioning-bench functions-host`): starts
 * it through the shell's launcher, hands it events, hears its call records, and restarts it (same
 * webhook port) when it dies, so a function that crashes its process costs that call only.
 */
export class FunctionRunner {
  private child: FunctionsHostChild | undefined;
  private exited: Promise<void> | undefined;
  private ready: Promise<ReadyRecord> | undefined;
  private port = 0;
  private stopped = false;
  private restarts = 0;
  private readonly listeners = new Set<(record: HostRecord) => void>();
  private flushWaiters: (() => void)[] = [];
  private readonly config: RunnerConfig;
  private readonly launch: FunctionsLauncher;

  constructor(config: RunnerConfig, launch: FunctionsLauncher = spawnFunctionsHost) {
    this.config = config;
    this.port = config.port ?? 0;
    this.launch = launch;
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
    this.child?.send(event);
  }

  /** Resolves once the child has handled every event sent so far. */
  flush(): Promise<void> {
    if (!this.child) return Promise.resolve();
    return new Promise((resolve) => {
      this.flushWaiters.push(resolve);
      this.child?.send({ type: 'flush' });
    });
  }

  get restartCount(): number {
    return this.restarts;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    const exited = this.exited;
    this.child = undefined;
    this.exited = undefined;
    this.ready = undefined;
    if (!child || !exited) return;
    child.end();
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(kill);
  }

  private spawnChild(): Promise<ReadyRecord> {
    const child = this.launch();
    this.child = child;
    let hasExited = false;
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const stderrTail: string[] = [];
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => {
        stderrTail.push(line);
        if (stderrTail.length > 8) stderrTail.shift();
      });
    }
    const config: HostConfig = { libDir: SEED_LIB_DIR, callTimeoutMs: 10_000, concurrency: 32, ...this.config, port: this.port };
    return new Promise<ReadyRecord>((resolve, reject) => {
      let isReady = false;
      const timer = setTimeout(() => reject(new Error('the function host did not start within 20 s')), 20_000);
      child.onMessage((message) => {
        const record = message as HostRecord | { type: 'flushed' };
        if (record.type === 'ready') {
          isReady = true;
          clearTimeout(timer);
          this.port = Number(new URL(record.allocationUrl).port);
          resolve(record);
        } else if (record.type === 'flushed') this.flushWaiters.shift()?.();
        else this.listeners.forEach((listener) => listener(record));
      });
      this.exited = new Promise<void>((resolveExit) =>
        child.onExit((exit) => {
          hasExited = true;
          resolveExit();
          process.off('exit', killOnExit);
          clearTimeout(timer);
          this.flushWaiters.splice(0).forEach((resolveFlush) => resolveFlush());
          if (!isReady) reject(new Error(`the function host exited before it was ready (${exit.signal ?? exit.code}): ${stderrTail.join(' | ')}`));
          if (this.child !== child || this.stopped) return;
          // Crashed: start again on the same port after a short backoff.
          this.restarts++;
          this.child = undefined;
          this.exited = undefined;
          // Until then start() waits for the new child rather than answering with the dead one's URLs.
          const delay = Math.min(5000, 250 * 2 ** Math.min(this.restarts, 4));
          const next = new Promise<void>((resolveDelay) => setTimeout(resolveDelay, delay).unref()).then(() => {
            // Stopped meanwhile (and perhaps started afresh, which has its own child): not ours to start.
            if (this.stopped || this.ready !== next) throw new Error('the function host was stopped');
            return this.spawnChild();
          });
          next.catch(() => undefined); // a failed restart is seen by whoever awaits start(), not as an unhandled rejection
          this.ready = next;
        }),
      );
      // The config (with the ADT token) goes first, over the child's own channel, never argv/env.
      if (!hasExited) child.send(config);
    });
  }
}
