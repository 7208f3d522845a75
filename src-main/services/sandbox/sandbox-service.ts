import type { SandboxCounts, SandboxStatus } from '../../../src-shared/contract/channels/sandbox.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { nodeSandboxCommand, type SandboxCommandFactory } from './sandbox-command.ts';
import type { SandboxInfo } from './sandbox-info.ts';
import { SandboxSupervisor } from './sandbox-supervisor.ts';

/** Reads what the running sandbox holds; given the full endpoints, so it may use the service keys. */
export type SandboxCountsReader = (info: SandboxInfo) => Promise<SandboxCounts>;

export interface SandboxServiceOptions {
  /** Where the sandbox keeps its database, CA and keys (<userData>/sandbox). */
  dataDir: string;
  command?: SandboxCommandFactory;
  events?: EventBus;
  readCounts?: SandboxCountsReader;
  readyTimeoutMs?: number;
  backoffMs?: number[];
}

/** The built-in sandbox as the console sees it: status, restart, reset, counts, endpoints. */
export class SandboxService {
  private readonly supervisor: SandboxSupervisor;
  private readonly readCounts: SandboxCountsReader | undefined;

  constructor(options: SandboxServiceOptions) {
    const events = options.events;
    this.readCounts = options.readCounts;
    this.supervisor = new SandboxSupervisor({
      dataDir: options.dataDir,
      command: options.command ?? nodeSandboxCommand,
      readyTimeoutMs: options.readyTimeoutMs,
      backoffMs: options.backoffMs,
      onStatus: events ? (status) => events.emit('sandbox:status', status) : undefined,
    });
  }

  status(): SandboxStatus {
    return this.supervisor.status();
  }

  /** Starts the sandbox unless it runs; resolves with the status either way. */
  async ensureStarted(): Promise<SandboxStatus> {
    await this.supervisor.start();
    return this.supervisor.status();
  }

  restart(): Promise<SandboxStatus> {
    return this.supervisor.restart();
  }

  reset(): Promise<SandboxStatus> {
    return this.supervisor.reset();
  }

  async counts(): Promise<SandboxCounts> {
    const info = await this.supervisor.endpoints();
    if (!info) throw new AppError('unavailable', `The sandbox is not running${this.lastErrorSuffix()}`);
    if (!this.readCounts) throw new AppError('unsupported', 'Counting the sandbox contents is not available in this build');
    return this.readCounts(info);
  }

  /**
   * The Sandbox profile's endpoints with connection strings, for main-process services only
   * (the profiles service's provider); null while the sandbox cannot run.
   */
  getSandboxEndpoints = (): Promise<SandboxInfo | null> => this.supervisor.endpoints();

  /** The sandbox child's pid while it runs (the benchmark samples its memory). */
  pid(): number | null {
    return this.supervisor.pid();
  }

  dispose(): Promise<void> {
    return this.supervisor.dispose();
  }

  private lastErrorSuffix(): string {
    const error = this.supervisor.status().lastError;
    return error ? `: ${error}` : '';
  }
}
