import type { AzureClientFactory } from '../../azure/client-factory.ts';
import { explainAzureError } from '../../azure/explain-azure-error.ts';
import type { EventLog } from '../../event-log/event-log.ts';
import type { ConsoleStore } from '../../store/console-store.ts';
import type { TimelineService } from '../timeline-service.ts';
import { RegistrationPoller } from './registration-poller.ts';

export interface TimelineRecordersDeps {
  store: ConsoleStore;
  eventLog: EventLog;
  timeline: TimelineService;
  activeId(): Promise<string>;
  activeClients(): Promise<AzureClientFactory>;
  /** Polling must not start the sandbox: a sandbox profile is polled only while it runs. */
  sandboxRunning(): boolean;
  log?(line: string): void;
  pollMs?: number;
}

const SANDBOX = 'sandbox';
const DAY_MS = 86_400_000;

/**
 * The background recorders of the active profile: the DPS registration poller every `pollMs`
 * (30 s), and the retention trim once a day. A failed round is logged (no key in it) and retried
 * next time; rounds never overlap.
 */
export class TimelineRecorders {
  private readonly deps: TimelineRecordersDeps;
  private readonly poller: RegistrationPoller;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private lastTrim = new Map<string, number>();

  constructor(deps: TimelineRecordersDeps) {
    this.deps = deps;
    this.poller = new RegistrationPoller(deps.store, deps.eventLog);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.round(), this.deps.pollMs ?? 30_000);
    this.timer.unref();
  }

  /**
   * One round now (also what the timer runs); resolves with the events written. The timer's
   * rounds swallow failures (logged) and leave a stopped sandbox alone; an operator's round
   * (`startSandbox`) reports them and may start it.
   */
  round(options: { startSandbox?: boolean } = {}): Promise<number> {
    if (options.startSandbox) return this.roundNow(true);
    this.running ??= this.roundNow(false)
      .catch((error: unknown) => {
        this.deps.log?.(`timeline: registration poll failed: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async roundNow(explicit: boolean): Promise<number> {
    if (explicit) await this.running;
    const profileId = await this.deps.activeId();
    if (Date.now() - (this.lastTrim.get(profileId) ?? 0) > DAY_MS) {
      this.lastTrim.set(profileId, Date.now());
      this.deps.timeline.applyRetention(profileId);
    }
    if (profileId === SANDBOX && !explicit && !this.deps.sandboxRunning()) return 0;
    const clients = await this.deps.activeClients();
    try {
      return await this.poller.pollOnce(profileId, clients);
    } catch (error) {
      throw explainAzureError(error, clients.target.dps.host, 'reading registration records');
    }
  }

  async dispose(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
