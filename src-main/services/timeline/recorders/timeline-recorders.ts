import type { AzureClientFactory } from '../../azure/client-factory.ts';
import { explainAzureError } from '../../azure/explain-azure-error.ts';
import type { EventLog } from '../../event-log/event-log.ts';
import type { ConsoleStore } from '../../store/console-store.ts';
import type { TimelineService } from '../timeline-service.ts';
import type { HubEventSource } from '../../hub-events/hub-event-source.ts';
import { HubEventsRecorder } from './hub-events-recorder.ts';
import { RegistrationPoller } from './registration-poller.ts';

export interface TimelineRecordersDeps {
  store: ConsoleStore;
  eventLog: EventLog;
  timeline: TimelineService;
  activeId(): Promise<string>;
  activeClients(): Promise<AzureClientFactory>;
  /** Polling must not start the sandbox: a sandbox profile is polled only while it runs. */
  sandboxRunning(): boolean;
  /** The console's hub event reader; without it no hub events are recorded. */
  hubEvents?: HubEventSource;
  log?(line: string): void;
  pollMs?: number;
}

const SANDBOX = 'sandbox';
const DAY_MS = 86_400_000;

/**
 * The background recorders of the active profile: the hub-events recorder (kept reading the
 * active profile's hubs, restarted when the profile changes or the sandbox comes up), the DPS
 * registration poller every `pollMs` (30 s), and the retention trim once a day. A failure is
 * logged (no key in it) and retried on the next round; rounds never overlap.
 */
export class TimelineRecorders {
  private readonly deps: TimelineRecordersDeps;
  private readonly poller: RegistrationPoller;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private lastTrim = new Map<string, number>();
  private readonly hubRecorder: HubEventsRecorder;
  /** The profile whose hubs are being recorded, null when none (or after an error). */
  private hubProfile: string | null = null;
  private lastHubError = '';

  constructor(deps: TimelineRecordersDeps) {
    this.deps = deps;
    this.poller = new RegistrationPoller(deps.store, deps.eventLog);
    this.hubRecorder = new HubEventsRecorder(deps.store, deps.eventLog);
  }

  /** Starts (or restarts, for a new active profile) recording hub events; never throws. */
  async recordHubs(): Promise<void> {
    const source = this.deps.hubEvents;
    if (!source) return;
    try {
      const profileId = await this.deps.activeId();
      if (profileId === SANDBOX && !this.deps.sandboxRunning()) {
        this.hubProfile = null;
        return await this.hubRecorder.stop();
      }
      if (this.hubProfile === profileId) return;
      const hubHosts = (await this.deps.activeClients()).hubHosts();
      this.hubProfile = profileId;
      await this.hubRecorder.start(profileId, hubHosts, source, (hubHost, error) => {
        this.hubProfile = null;
        this.logHubError(`${hubHost}: ${error.message}`);
      });
      this.lastHubError = '';
    } catch (error) {
      this.hubProfile = null;
      this.logHubError((error as Error).message);
    }
  }

  private logHubError(message: string): void {
    if (message !== this.lastHubError) this.deps.log?.(`timeline: hub events not recorded: ${message}`);
    this.lastHubError = message;
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
    await this.recordHubs();
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
    await this.running?.catch(() => undefined);
    await this.hubRecorder.stop();
  }
}
