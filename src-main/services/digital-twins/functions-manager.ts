import type { FunctionCall, FunctionsStatus } from '../../../src-shared/contract/channels/digital-twins.ts';
import type { HubEventSource } from '../hub-events/hub-event-source.ts';
import { FunctionRunner } from '../functions/function-runner.ts';
import type { FunctionsLauncher } from '../functions/functions-launcher.ts';
import type { DtIdLookup } from '../functions/functions-bridge.ts';
import { FunctionsBridge } from '../functions/functions-bridge.ts';

const MAX_CALLS = 500;

export interface FunctionsTarget {
  digitalTwinsUrl: string;
  accessToken: string;
  caCertificatePath: string;
  hubHosts: string[];
  /** The operator's allocation module (absolute path), served beside the seed's as /allocate/custom. */
  customAllocationModule?: string;
}

export interface FunctionsManagerOptions {
  /** How the shell starts the host child (default: this Node with the CLI). */
  launcher?: FunctionsLauncher;
  /** The seed's modules (assets/functions/src/lib, or the packaged app's copy). */
  libDir: string;
}

/**
 * The seed's functions for the sandbox profile: one function host child, fed by the hubs' event
 * streams, and the last calls it reported (the Allocation lab's log). Restarted for a new target
 * (a reset sandbox has a new token and hubs).
 */
export class FunctionsManager {
  private runner: FunctionRunner | undefined;
  private bridge: FunctionsBridge | undefined;
  private key = '';
  private allocationUrl: string | null = null;
  private customAllocationUrl: string | null = null;
  private allocationModule: string | null = null;
  private allocationModuleError: string | null = null;
  private lastError: string | null = null;
  private lastPort = 0;
  private readonly calls: FunctionCall[] = [];
  private telemetry = { updated: 0, skipped: 0, failed: 0 };
  private starting: Promise<FunctionsStatus> | undefined;
  private readonly eventSource: () => HubEventSource | undefined;
  private readonly lookup: DtIdLookup;
  private readonly options: FunctionsManagerOptions;

  constructor(eventSource: () => HubEventSource | undefined, lookup: DtIdLookup, options: FunctionsManagerOptions) {
    this.eventSource = eventSource;
    this.lookup = lookup;
    this.options = options;
  }

  status(): FunctionsStatus {
    const restarts = this.runner?.restartCount ?? 0;
    return {
      state: this.runner ? 'running' : 'stopped',
      allocationUrl: this.allocationUrl,
      allocationModule: this.allocationModule,
      customAllocationUrl: this.customAllocationUrl,
      allocationModuleError: this.allocationModuleError,
      restarts,
      telemetry: { ...this.telemetry },
      lastError: this.lastError,
    };
  }

  recentCalls(limit: number): FunctionCall[] {
    return this.calls.slice(-limit).reverse();
  }

  /**
   * Starts (or keeps) the host for this target; a different target (token, hubs, module) restarts it.
   * `reload` restarts it anyway: an edited module is read afresh only by a new process.
   */
  async start(target: FunctionsTarget, reload = false): Promise<FunctionsStatus> {
    const key = JSON.stringify(target);
    if (reload) await this.starting;
    if (this.runner && key === this.key && !reload) return this.status();
    this.starting ??= this.restart(target, key).finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.bridge?.stop();
    await this.runner?.stop();
    this.bridge = undefined;
    this.runner = undefined;
    this.allocationUrl = null;
    this.customAllocationUrl = null;
    this.allocationModule = null;
    this.allocationModuleError = null;
  }

  private async restart(target: FunctionsTarget, key: string): Promise<FunctionsStatus> {
    // The replacement takes the same webhook port, so enrollment groups pointing at it keep working.
    const port = this.lastPort;
    await this.stop();
    const status = await this.launch(target, key, port);
    // The port may have been taken meanwhile: any port beats no functions.
    return status.state === 'running' || port === 0 ? status : this.launch(target, key, 0);
  }

  private async launch(target: FunctionsTarget, key: string, port: number): Promise<FunctionsStatus> {
    const runner = new FunctionRunner(
      {
        digitalTwinsUrl: target.digitalTwinsUrl,
        accessToken: target.accessToken,
        caCertificatePath: target.caCertificatePath,
        libDir: this.options.libDir,
        port,
        ...(target.customAllocationModule ? { customAllocationModule: target.customAllocationModule } : {}),
      },
      this.options.launcher,
    );
    runner.onRecord((record) => {
      if (record.type === 'stats') this.telemetry = { updated: record.telemetryUpdated, skipped: record.telemetrySkipped, failed: record.telemetryFailed };
      if (record.type !== 'call') return;
      const { type: _type, answer: _answer, ...call } = record;
      this.calls.push(call);
      if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
    });
    try {
      const ready = await runner.start();
      this.runner = runner;
      this.key = key;
      this.allocationUrl = ready.allocationUrl;
      this.lastPort = Number(new URL(ready.allocationUrl).port);
      this.allocationModule = target.customAllocationModule ?? null;
      this.customAllocationUrl = ready.customAllocationUrl ?? null;
      this.allocationModuleError = ready.customAllocationError ?? null;
      this.lastError = null;
      const source = this.eventSource();
      if (source) {
        this.bridge = new FunctionsBridge(runner, source, this.lookup);
        await this.bridge.start(target.hubHosts, (error) => (this.lastError = `hub events: ${error.message}`));
      } else this.lastError = 'No hub event reader is available: telemetry and lifecycle functions are idle';
    } catch (error) {
      await runner.stop();
      this.lastError = (error as Error).message;
    }
    return this.status();
  }
}
