import type { FunctionCall, FunctionsStatus } from '../../../src-shared/contract/channels/digital-twins.ts';
import type { HubEventSource } from '../hub-events/hub-event-source.ts';
import { FunctionRunner } from '../functions/function-runner.ts';
import type { DtIdLookup } from '../functions/functions-bridge.ts';
import { FunctionsBridge } from '../functions/functions-bridge.ts';

const MAX_CALLS = 500;

export interface FunctionsTarget {
  digitalTwinsUrl: string;
  accessToken: string;
  caCertificatePath: string;
  hubHosts: string[];
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
  private lastError: string | null = null;
  private readonly calls: FunctionCall[] = [];
  private telemetry = { updated: 0, skipped: 0, failed: 0 };
  private starting: Promise<FunctionsStatus> | undefined;
  private readonly eventSource: () => HubEventSource | undefined;
  private readonly lookup: DtIdLookup;

  constructor(eventSource: () => HubEventSource | undefined, lookup: DtIdLookup) {
    this.eventSource = eventSource;
    this.lookup = lookup;
  }

  status(): FunctionsStatus {
    const restarts = this.runner?.restartCount ?? 0;
    return { state: this.runner ? 'running' : 'stopped', allocationUrl: this.allocationUrl, restarts, telemetry: { ...this.telemetry }, lastError: this.lastError };
  }

  recentCalls(limit: number): FunctionCall[] {
    return this.calls.slice(-limit).reverse();
  }

  /** Starts (or keeps) the host for this target; a different target (token, hubs) restarts it. */
  start(target: FunctionsTarget): Promise<FunctionsStatus> {
    const key = JSON.stringify(target);
    if (this.runner && key === this.key) return Promise.resolve(this.status());
    this.starting ??= this.restart(target, key).finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.bridge?.stop();
    await this.runner?.stop();
    this.bridge = undefined;
    this.runner = undefined;
    this.allocationUrl = null;
  }

  private async restart(target: FunctionsTarget, key: string): Promise<FunctionsStatus> {
    await this.stop();
    const runner = new FunctionRunner({ digitalTwinsUrl: target.digitalTwinsUrl, accessToken: target.accessToken, caCertificatePath: target.caCertificatePath });
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
