import type { EventInput, EventLog } from '../../event-log/event-log.ts';
import type { HubEvent, HubEventSource, HubEventSubscription } from '../../hub-events/hub-event-source.ts';
import type { ConsoleStore } from '../../store/console-store.ts';
import { eventFromHub } from './hub-event-mapping.ts';

const LANES = ['telemetry', 'notifications'] as const;
type Lane = (typeof LANES)[number];
const laneOf = (event: HubEvent): Lane => (event.kind === 'telemetry' ? 'telemetry' : 'notifications');

/**
 * Writes what the hubs say happened (identity created, connected, disconnected, first telemetry,
 * status reported, deleted) into one profile's event log, reading each hub through the shared
 * `HubEventSource`. Each hub resumes after the last event it recorded (kept in timeline_settings),
 * so a restart neither loses nor repeats steps; a device's telemetry is recorded once, its first.
 */
export class HubEventsRecorder {
  private readonly store: ConsoleStore;
  private readonly eventLog: EventLog;
  private readonly subscriptions: HubEventSubscription[] = [];
  private readonly telemetrySeen = new Set<string>();
  private profileId: string | null = null;

  constructor(store: ConsoleStore, eventLog: EventLog) {
    this.store = store;
    this.eventLog = eventLog;
  }

  /** Starts reading the hubs of `profileId` (stopping whatever was read before). */
  async start(profileId: string, hubHosts: string[], source: HubEventSource, onError: (hubHost: string, error: Error) => void = () => {}): Promise<void> {
    await this.stop();
    this.profileId = profileId;
    this.telemetrySeen.clear();
    for (const hubHost of hubHosts) {
      const known = LANES.map((lane) => this.position(profileId, hubHost, lane)).filter((at): at is number => at !== null);
      // A hub read for the first time is read from the oldest event it keeps (a day by default on
      // IoT Hub): a device that came online before the console started reading still gets its story.
      const start = known.length === 0 ? ({ from: 'earliest' } as const) : ({ from: 'enqueuedTime', at: Math.min(...known) } as const);
      const subscription = await source.subscribe(hubHost, start, (events) => this.record(profileId, hubHost, events), (error) => onError(hubHost, error));
      this.subscriptions.push(subscription);
    }
  }

  async stop(): Promise<void> {
    const closing = this.subscriptions.splice(0);
    await Promise.all(closing.map((s) => s.close().catch(() => undefined)));
    this.profileId = null;
  }

  /** Records one batch from one hub in one transaction, with the hub's new position. */
  record(profileId: string, hubHost: string, events: HubEvent[]): number {
    if (this.profileId !== null && profileId !== this.profileId) return 0;
    // Telemetry and notifications reach the built-in endpoint by different routes (the fallback,
    // the notification routes) and can arrive apart: each lane keeps its own position, so one cannot
    // skip past the other's events.
    const after = new Map(LANES.map((lane) => [lane, this.position(profileId, hubHost, lane) ?? Number.NEGATIVE_INFINITY]));
    const fresh = events.filter((e) => e.enqueuedAt > (after.get(laneOf(e)) ?? Number.NEGATIVE_INFINITY));
    if (fresh.length === 0) return 0;
    const inputs = fresh.map(eventFromHub).filter((e): e is EventInput => e !== null && (e.kind !== 'first-telemetry' || this.firstTelemetry(profileId, e.deviceId!)));
    // Most batches are telemetry of devices already seen: nothing to write, no fsync. The position
    // moves with what is recorded; a replay after a restart only re-reads such telemetry.
    if (inputs.length === 0) return 0;
    const database = this.store.forProfile(profileId);
    database.transaction(() => {
      this.eventLog.appendMany(profileId, inputs);
      for (const lane of LANES) {
        const times = fresh.filter((e) => laneOf(e) === lane).map((e) => e.enqueuedAt);
        if (times.length === 0) continue;
        database.db.prepare('INSERT INTO timeline_settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(`hub-position:${hubHost}:${lane}`, String(Math.max(...times)));
      }
    });
    return inputs.length;
  }

  private firstTelemetry(profileId: string, deviceId: string): boolean {
    if (this.telemetrySeen.has(deviceId)) return false;
    this.telemetrySeen.add(deviceId);
    const row = this.store.forProfile(profileId).db.prepare('SELECT first_telemetry_at FROM device_progress WHERE device_key = ? OR device_id = ? LIMIT 1').get(deviceId, deviceId) as { first_telemetry_at: number | null } | undefined;
    return row?.first_telemetry_at == null;
  }

  private position(profileId: string, hubHost: string, lane: Lane): number | null {
    const read = this.store.forProfile(profileId).db.prepare('SELECT value FROM timeline_settings WHERE name = ?');
    // A position written before lanes existed counts for both.
    const row = (read.get(`hub-position:${hubHost}:${lane}`) ?? read.get(`hub-position:${hubHost}`)) as { value: string } | undefined;
    return row ? Number(row.value) : null;
  }
}
