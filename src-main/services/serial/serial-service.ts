import { randomUUID } from 'node:crypto';
import type { SerialConsoleEntry, SerialPortInfo, SerialPushReport } from '../../../src-shared/contract/channels/serial.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { Batcher } from '../../events/batcher.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { redactSecrets } from '../../security/redact.ts';
import type { EventLog } from '../event-log/event-log.ts';
import type { ConsoleStore } from '../store/console-store.ts';
import type { CredentialSource, PushCredentials } from './group-credentials.ts';
import type { PortOpener } from './open-port.ts';
import { type PortLister, PortWatcher, listSerialPorts } from './port-watcher.ts';
import { PushError } from './push-errors.ts';
import { pushOverPort } from './push-over-port.ts';
import type { PushPlan, PushTimeouts } from './push-session.ts';
import { SerialResults } from './serial-results.ts';

export interface SerialServiceOptions {
  events: EventBus;
  eventLog: EventLog;
  store: ConsoleStore;
  credentials: CredentialSource;
  profileId: () => Promise<string>;
  openPort?: PortOpener;
  listPorts?: PortLister;
  timeouts?: Partial<PushTimeouts>;
}

export interface PushTarget {
  path: string;
  baudRate: number;
}

/**
 * The bench serial tool: ports with plug/unplug noticed, one verified push at a time per port,
 * a live redacted console, and every push recorded as `keys-pushed` (step, fingerprint at most).
 */
export class SerialService {
  readonly results: SerialResults;
  private readonly options: SerialServiceOptions;
  private readonly watcher: PortWatcher;
  private readonly consoleBatch: Batcher<SerialConsoleEntry>;
  private readonly busy = new Set<string>();
  private readonly active = new Map<string, AbortController>();

  constructor(options: SerialServiceOptions) {
    this.options = options;
    this.results = new SerialResults(options.store);
    this.watcher = new PortWatcher(options.listPorts ?? listSerialPorts, (ports) => options.events.emit('serial:ports', { ports }));
    this.consoleBatch = new Batcher((entries) => options.events.emit('serial:console', { entries }), { intervalMs: 100, maxItems: 2000 });
  }

  ports(): Promise<SerialPortInfo[]> {
    return this.watcher.ports();
  }

  present(path: string): Promise<boolean> {
    return this.watcher.present(path);
  }

  credentials(groupId: string): Promise<PushCredentials> {
    return this.options.credentials(groupId);
  }

  profileId(): Promise<string> {
    return this.options.profileId();
  }

  /** A single push from the Serial area: reads the group, pushes, reports. */
  async push(request: PushTarget & Omit<PushPlan, 'idScope' | 'globalEndpoint'> & { groupId: string }): Promise<SerialPushReport> {
    const profileId = await this.options.profileId();
    const credentials = await this.options.credentials(request.groupId);
    const controller = new AbortController();
    const pushId = randomUUID();
    this.active.set(pushId, controller);
    try {
      return await this.pushOne(profileId, pushId, request, credentials, request, controller.signal);
    } finally {
      this.active.delete(pushId);
    }
  }

  cancel(pushId: string): boolean {
    const controller = this.active.get(pushId);
    controller?.abort();
    return controller !== undefined;
  }

  /** One push on one port with credentials in hand; records it in the event log either way. */
  async pushOne(profileId: string, pushId: string, target: PushTarget, credentials: PushCredentials, plan: Omit<PushPlan, 'idScope' | 'globalEndpoint'>, signal?: AbortSignal): Promise<SerialPushReport> {
    if (this.busy.has(target.path)) throw new AppError('conflict', `A push is already running on ${target.path}.`);
    this.busy.add(target.path);
    let registrationId = plan.registrationId ?? null;
    let serial: string | null = null;
    let lastStep = 'detect';
    try {
      const outcome = await pushOverPort(
        { ...plan, idScope: credentials.idScope, globalEndpoint: credentials.globalEndpoint },
        {
          path: target.path,
          baudRate: target.baudRate,
          openPort: this.options.openPort,
          timeouts: this.options.timeouts,
          signal,
          deriveKey: (id) => {
            registrationId = id;
            return credentials.deriveKey(id);
          },
          onStep: (update) => {
            lastStep = update.step;
            this.options.events.emit('serial:step', { pushId, ...update });
          },
          onIdentified: (device) => {
            serial = device.serial;
          },
          onEntry: (entry) => {
            this.consoleBatch.push({ pushId, ...entry, text: redactSecrets(entry.text) });
          },
        },
      );
      this.record(profileId, outcome.registrationId, 'ok', { step: lastStep, serial: outcome.serial, port: target.path, keyFingerprint: outcome.keyFingerprint, assignedHub: outcome.assignedHub }, outcome.assignedHub);
      return { pushId, ok: true, registrationId: outcome.registrationId, serial: outcome.serial, keyFingerprint: outcome.keyFingerprint, assignedHub: outcome.assignedHub, error: null };
    } catch (error) {
      const failure = error instanceof PushError ? error : new PushError('SERIAL_DEVICE_ERROR', 'detect', (error as Error).message);
      const message = redactSecrets(failure.message);
      this.record(profileId, registrationId, 'failed', { step: failure.step, code: failure.code, message, serial, port: target.path }, null);
      return { pushId, ok: false, registrationId, serial, keyFingerprint: null, assignedHub: null, error: { step: failure.step, code: failure.code, message } };
    } finally {
      this.busy.delete(target.path);
    }
  }

  private record(profileId: string, registrationId: string | null, outcome: 'ok' | 'failed', detail: Record<string, unknown>, hubHost: string | null): void {
    this.options.eventLog.append(profileId, { kind: 'keys-pushed', source: 'serial', registrationId, hubHost, outcome, detail });
  }

  dispose(): void {
    for (const controller of this.active.values()) controller.abort();
    this.watcher.stop();
    this.consoleBatch.flush();
  }
}
