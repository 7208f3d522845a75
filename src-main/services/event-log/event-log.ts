import { hostname, userInfo } from 'node:os';
import { redactSecrets } from '../../security/redact.ts';
import type { ConsoleStore, StoreMigration } from '../store/console-store.ts';

/**
 * What happened to a device, in words every feature shares. Stages of the provisioning funnel
 * come first; add a kind here (never rename one: stored rows keep the old word).
 */
export const EVENT_KINDS = [
  'enrolled', 'enrollment-changed', 'enrollment-deleted',
  'keys-exported', 'keys-revealed', 'keys-pushed',
  'registration-attempted', 'registered', 'registration-failed',
  'hub-identity-created', 'connected', 'disconnected', 'first-telemetry', 'status-reported',
  'twin-patched', 'method-invoked', 'job-run', 'device-deleted', 'profile-used', 'note',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Where an event was learnt: a console service, the simulator, the sandbox's stream, a poll, the hub's events. */
export type EventSource = 'console' | 'simulator' | 'serial' | 'sandbox' | 'dps-poll' | 'hub-events' | 'profiles' | 'cli';

export interface EventInput {
  kind: EventKind;
  source: EventSource;
  /** Registration id where known (DPS's name for the device), else the hub device id. */
  registrationId?: string | null;
  deviceId?: string | null;
  hubHost?: string | null;
  /** Whether the step succeeded; null for plain facts. */
  outcome?: 'ok' | 'failed' | null;
  /** Small JSON-able detail. Never a key: at most a fingerprint. Redacted again on the way in. */
  detail?: Record<string, unknown>;
  /** Defaults to now; sources that learnt of an event later pass the time it happened. */
  at?: number;
}

export interface LoggedEvent extends Required<Omit<EventInput, 'detail' | 'at'>> {
  id: number;
  at: number;
  profileId: string;
  station: string;
  operator: string;
  detail: Record<string, unknown>;
}

const MIGRATION: StoreMigration = {
  area: 'event-log',
  steps: [
    `CREATE TABLE events (
       id INTEGER PRIMARY KEY,
       at INTEGER NOT NULL,
       station TEXT NOT NULL,
       operator TEXT NOT NULL,
       kind TEXT NOT NULL,
       source TEXT NOT NULL,
       registration_id TEXT,
       device_id TEXT,
       hub_host TEXT,
       outcome TEXT,
       detail TEXT NOT NULL
     );
     CREATE INDEX events_registration ON events (registration_id, at);
     CREATE INDEX events_device ON events (device_id, at);
     CREATE INDEX events_kind ON events (kind, at);`,
  ],
};

const MAX_DETAIL_CHARS = 4000;

/**
 * The append-only event log, one table per profile's console database. Services write to it as
 * things happen; the renderer only reads. Rows carry no secret: detail passes the redactor.
 */
export class EventLog {
  private readonly store: ConsoleStore;
  private readonly listeners = new Set<(event: LoggedEvent) => void>();
  /** Station and operator names stamped on every row; settings may change them. */
  identity = { station: safeHostname(), operator: safeUser() };

  constructor(store: ConsoleStore) {
    this.store = store;
    store.register(MIGRATION);
  }

  /** Appends one event; it is on disk when this returns. */
  append(profileId: string, input: EventInput): LoggedEvent {
    return this.appendMany(profileId, [input])[0]!;
  }

  /** Appends events in one transaction (one fsync), in order. */
  appendMany(profileId: string, inputs: EventInput[]): LoggedEvent[] {
    const database = this.store.forProfile(profileId);
    const insert = database.db.prepare(
      'INSERT INTO events (at, station, operator, kind, source, registration_id, device_id, hub_host, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const logged = database.transaction(() =>
      inputs.map((input) => {
        const event = this.normalize(profileId, input);
        const { lastInsertRowid } = insert.run(event.at, event.station, event.operator, event.kind, event.source, event.registrationId, event.deviceId, event.hubHost, event.outcome, JSON.stringify(event.detail));
        return { ...event, id: Number(lastInsertRowid) };
      }),
    );
    for (const event of logged) for (const listener of this.listeners) listener(event);
    return logged;
  }

  /** Called after each committed append (the timeline's live view, the funnel's counters). */
  onAppend(listener: (event: LoggedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One device's events, oldest first, by registration id or device id. */
  forDevice(profileId: string, id: string, limit = 1000): LoggedEvent[] {
    const rows = this.store
      .forProfile(profileId)
      .db.prepare('SELECT * FROM events WHERE registration_id = ? OR device_id = ? ORDER BY at, id LIMIT ?')
      .all(id, id, limit) as unknown as EventRow[];
    return rows.map((row) => fromRow(profileId, row));
  }

  private normalize(profileId: string, input: EventInput): Omit<LoggedEvent, 'id'> {
    let detail = JSON.parse(redactSecrets(JSON.stringify(input.detail ?? {}))) as Record<string, unknown>;
    if (JSON.stringify(detail).length > MAX_DETAIL_CHARS) detail = { truncated: true };
    return {
      at: input.at ?? Date.now(),
      profileId,
      station: this.identity.station,
      operator: this.identity.operator,
      kind: input.kind,
      source: input.source,
      registrationId: input.registrationId ?? null,
      deviceId: input.deviceId ?? null,
      hubHost: input.hubHost ?? null,
      outcome: input.outcome ?? null,
      detail,
    };
  }
}

interface EventRow {
  id: number;
  at: number;
  station: string;
  operator: string;
  kind: EventKind;
  source: EventSource;
  registration_id: string | null;
  device_id: string | null;
  hub_host: string | null;
  outcome: 'ok' | 'failed' | null;
  detail: string;
}

/** A stored row as the services hand it on. */
export function fromRow(profileId: string, row: EventRow): LoggedEvent {
  return {
    id: row.id,
    at: row.at,
    profileId,
    station: row.station,
    operator: row.operator,
    kind: row.kind,
    source: row.source,
    registrationId: row.registration_id,
    deviceId: row.device_id,
    hubHost: row.hub_host,
    outcome: row.outcome,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

function safeHostname(): string {
  try {
    return hostname().slice(0, 100);
  } catch {
    return 'unknown';
  }
}

function safeUser(): string {
  try {
    return userInfo().username.slice(0, 100);
  } catch {
    return 'unknown';
  }
}
