import { randomUUID } from 'node:crypto';
import type { MonitorEvent } from '../../../src-shared/contract/channels/monitor.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { Batcher } from '../../events/batcher.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { redactSecrets } from '../../security/redact.ts';
import type { DevicesService } from '../devices/devices-service.ts';
import type { HubEvent, HubEventSubscription } from '../hub-events/hub-event-source.ts';
import type { HubEvents } from '../hub-events/hub-events.ts';

export interface MonitorServiceOptions {
  hubEvents: Pick<HubEvents, 'subscribe'>;
  devices: Pick<DevicesService, 'query'>;
  events: Pick<EventBus, 'emit'>;
  /** How long a monitor runs without a keep-alive. */
  leaseMs?: number;
  batchIntervalMs?: number;
}

interface Running {
  subscription: HubEventSubscription;
  batcher: Batcher<MonitorEvent>;
  expiresAt: number;
}

const MAX_MONITORS = 8;
const MAX_QUERY_DEVICES = 10_000;
/** Bodies beyond this are cut for display; the monitor is for looking, not archiving. */
const MAX_BODY_CHARS = 16 * 1024;

export function toMonitorEvent(event: HubEvent): MonitorEvent {
  const text = event.bodyEncoding === 'json' ? JSON.stringify(event.body) : String(event.body);
  return {
    kind: event.kind,
    deviceId: event.deviceId,
    enqueuedAt: event.enqueuedAt,
    opType: event.opType,
    body: text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text,
    bodyEncoding: event.bodyEncoding,
    properties: event.properties,
    systemProperties: event.systemProperties,
  };
}

/**
 * The telemetry and events monitor: reads a hub through the hub event reader, keeps only the
 * devices asked for, and pushes what arrives to the renderer in batches (`monitor:events`), so
 * thousands of messages a second cross the boundary a few times a second. A monitor lives while
 * the renderer keeps it alive; telemetry is never stored.
 */
export class MonitorService {
  private readonly options: MonitorServiceOptions;
  private readonly running = new Map<string, Running>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MonitorServiceOptions) {
    this.options = options;
    this.sweeper = setInterval(() => this.sweep(), Math.min(5_000, this.leaseMs));
    this.sweeper.unref();
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 30_000;
  }

  async start(request: { hubHost: string; deviceIds?: string[]; query?: string; from: 'now' | 'recent' }): Promise<{ monitorId: string; matchedDevices: number | null }> {
    if (this.running.size >= MAX_MONITORS) throw new AppError('throttled', `At most ${MAX_MONITORS} monitors run at once; stop one first`);
    const wanted = request.deviceIds && request.deviceIds.length > 0 ? new Set(request.deviceIds) : null;
    const matched = request.query ? await this.devicesMatching(request.hubHost, request.query) : null;
    const keep = matched && wanted ? new Set([...wanted].filter((id) => matched.has(id))) : (matched ?? wanted);
    const monitorId = randomUUID();
    const batcher = new Batcher<MonitorEvent>((events, dropped) => this.options.events.emit('monitor:events', { monitorId, events, dropped }), {
      intervalMs: this.options.batchIntervalMs ?? 250,
      maxItems: 20_000,
      // A replay delivers thousands per flush: several messages keep each renderer task short.
      maxBatch: 2_000,
    });
    const subscription = await this.options.hubEvents.subscribe(
      request.hubHost,
      request.from === 'recent' ? { from: 'earliest' } : { from: 'end' },
      (events) => {
        for (const event of events) if (!keep || keep.has(event.deviceId)) batcher.push(toMonitorEvent(event));
      },
      (error) => void this.stop(monitorId, redactSecrets(error.message)),
    );
    this.running.set(monitorId, { subscription, batcher, expiresAt: Date.now() + this.leaseMs });
    return { monitorId, matchedDevices: keep ? keep.size : null };
  }

  keepAlive(monitorId: string): { running: boolean } {
    const monitor = this.running.get(monitorId);
    if (monitor) monitor.expiresAt = Date.now() + this.leaseMs;
    return { running: monitor !== undefined };
  }

  /** Stops a monitor; with a reason, the renderer hears why (it did not ask for it). */
  async stop(monitorId: string, reason?: string): Promise<{ stopped: boolean }> {
    const monitor = this.running.get(monitorId);
    if (!monitor) return { stopped: false };
    this.running.delete(monitorId);
    monitor.batcher.flush();
    monitor.batcher.stop();
    await monitor.subscription.close();
    if (reason) this.options.events.emit('monitor:stopped', { monitorId, reason });
    return { stopped: true };
  }

  async dispose(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, monitor] of this.running) if (monitor.expiresAt < now) void this.stop(id, 'not kept alive');
  }

  private async devicesMatching(hubHost: string, query: string): Promise<Set<string>> {
    const ids = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.options.devices.query(hubHost, query, 1000, token);
      for (const row of page.items) ids.add(row.deviceId);
      for (const record of page.records) if (typeof record.deviceId === 'string') ids.add(record.deviceId);
      token = page.continuationToken ?? undefined;
    } while (token && ids.size < MAX_QUERY_DEVICES);
    return ids;
  }
}
