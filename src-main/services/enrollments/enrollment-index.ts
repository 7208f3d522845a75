import type { EnrollmentKind, IndexRow } from '../../../src-shared/domain/enrollment.ts';
import type { ConsoleDatabase, ConsoleStore, StoreMigration } from '../store/console-store.ts';

/**
 * The local index of a profile's enrollments: DPS's query API pages through everything and
 * filters nothing, so search, sort and filter run here. One row per individual enrollment or
 * group; never a key. `gen` is the sync generation that last saw the row: a completed pass
 * deletes what it did not see (removed outside the console).
 */
const MIGRATION: StoreMigration = {
  area: 'enrollment-index',
  steps: [
    `CREATE TABLE enrollment_index (
       kind TEXT NOT NULL, id TEXT NOT NULL, device_id TEXT, status TEXT, attestation TEXT,
       allocation_policy TEXT, hub TEXT, registration_status TEXT, serial_number TEXT, customer TEXT,
       model TEXT, created_at TEXT, updated_at TEXT, etag TEXT, gen INTEGER NOT NULL,
       PRIMARY KEY (kind, id)
     ) WITHOUT ROWID;
     CREATE INDEX enrollment_index_updated ON enrollment_index (kind, updated_at);
     CREATE INDEX enrollment_index_gen ON enrollment_index (kind, gen);
     CREATE TABLE enrollment_index_sync (
       kind TEXT PRIMARY KEY, gen INTEGER NOT NULL, state TEXT NOT NULL, continuation TEXT,
       seen INTEGER NOT NULL DEFAULT 0, started_at INTEGER, synced_at INTEGER
     );
     CREATE TABLE enrollment_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE enrollment_ops (day TEXT PRIMARY KEY, ops INTEGER NOT NULL);`,
    // Quick search is a case-insensitive prefix match on these four, each through its own index.
    `CREATE INDEX enrollment_index_lower_id ON enrollment_index (kind, lower(id));
     CREATE INDEX enrollment_index_lower_device ON enrollment_index (kind, lower(device_id));
     CREATE INDEX enrollment_index_lower_serial ON enrollment_index (kind, lower(serial_number));
     CREATE INDEX enrollment_index_lower_customer ON enrollment_index (kind, lower(customer));`,
  ],
};

export const SORT_COLUMNS = {
  id: 'id',
  deviceId: 'device_id',
  status: 'status',
  attestation: 'attestation',
  allocationPolicy: 'allocation_policy',
  hub: 'hub',
  registrationStatus: 'registration_status',
  serialNumber: 'serial_number',
  customer: 'customer',
  model: 'model',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;
export type SortField = keyof typeof SORT_COLUMNS;
/** What the quick search matches: the start of any of these, case-insensitively. */
const SEARCH_COLUMNS = ['id', 'device_id', 'serial_number', 'customer'] as const;
export const FILTER_FIELDS = ['status', 'attestation', 'allocationPolicy', 'hub', 'registrationStatus', 'customer', 'model'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export interface IndexQuery {
  kind: EnrollmentKind;
  search?: string;
  filters?: Partial<Record<FilterField, string>>;
  sort?: { field: SortField; direction: 'asc' | 'desc' };
  offset?: number;
  limit?: number;
}

export interface SyncState {
  gen: number;
  state: 'empty' | 'filling' | 'complete';
  continuation: string | null;
  seen: number;
  syncedAt: number | null;
}

export type StoredRow = IndexRow & { etag: string | null };

export class EnrollmentIndex {
  private readonly store: ConsoleStore;

  constructor(store: ConsoleStore) {
    this.store = store;
    store.register(MIGRATION);
  }

  db(profileId: string): ConsoleDatabase {
    return this.store.forProfile(profileId);
  }

  /** Writes rows seen by sync generation `gen` (or by the console's own write) in one transaction. */
  upsert(profileId: string, rows: StoredRow[], gen?: number): void {
    const database = this.db(profileId);
    const statement = database.db.prepare(
      `INSERT INTO enrollment_index (kind, id, device_id, status, attestation, allocation_policy, hub, registration_status, serial_number, customer, model, created_at, updated_at, etag, gen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET device_id = excluded.device_id, status = excluded.status, attestation = excluded.attestation,
         allocation_policy = excluded.allocation_policy, hub = excluded.hub, registration_status = excluded.registration_status,
         serial_number = excluded.serial_number, customer = excluded.customer, model = excluded.model, created_at = excluded.created_at,
         updated_at = excluded.updated_at, etag = excluded.etag, gen = max(enrollment_index.gen, excluded.gen)`,
    );
    database.transaction(() => {
      for (const row of rows) {
        const g = gen ?? this.sync(profileId, row.kind).gen;
        statement.run(row.kind, row.id, row.deviceId, row.status, row.attestation, row.allocationPolicy, row.hub, row.registrationStatus, row.serialNumber, row.customer, row.model, row.createdAt, row.updatedAt, row.etag, g);
      }
    });
  }

  remove(profileId: string, kind: EnrollmentKind, ids: string[]): void {
    const database = this.db(profileId);
    const statement = database.db.prepare('DELETE FROM enrollment_index WHERE kind = ? AND id = ?');
    database.transaction(() => {
      for (const id of ids) statement.run(kind, id);
    });
  }

  get(profileId: string, kind: EnrollmentKind, id: string): StoredRow | undefined {
    const row = this.db(profileId).db.prepare('SELECT * FROM enrollment_index WHERE kind = ? AND id = ?').get(kind, id) as DbRow | undefined;
    return row ? fromDb(row) : undefined;
  }

  /** Which of `ids` the index already holds. */
  existing(profileId: string, kind: EnrollmentKind, ids: string[]): Set<string> {
    const statement = this.db(profileId).db.prepare('SELECT 1 FROM enrollment_index WHERE kind = ? AND id = ?');
    return new Set(ids.filter((id) => statement.get(kind, id) !== undefined));
  }

  query(profileId: string, q: IndexQuery): { rows: IndexRow[]; total: number } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const search = q.search?.trim().toLowerCase();
    if (search) {
      // Prefix ranges, each with the kind and nothing else beside the OR, so SQLite answers it
      // from four index ranges (a plain `kind = ?` next to it makes it scan the kind instead).
      where.push(`(${SEARCH_COLUMNS.map((c) => `(kind = ? AND lower(${c}) >= ? AND lower(${c}) < ?)`).join(' OR ')})`);
      for (const _column of SEARCH_COLUMNS) params.push(q.kind, search, `${search}\uffff`);
    } else {
      where.push('kind = ?');
      params.push(q.kind);
    }
    for (const field of FILTER_FIELDS) {
      const value = q.filters?.[field];
      if (value === undefined || value === '') continue;
      where.push(`${SORT_COLUMNS[field]} = ?`);
      params.push(value);
    }
    const clause = where.join(' AND ');
    const db = this.db(profileId).db;
    const total = Number((db.prepare(`SELECT COUNT(*) AS n FROM enrollment_index WHERE ${clause}`).get(...params) as { n: number }).n);
    const sort = q.sort ? `${SORT_COLUMNS[q.sort.field]} ${q.sort.direction === 'desc' ? 'DESC' : 'ASC'}, id` : 'id';
    const rows = db
      .prepare(`SELECT * FROM enrollment_index WHERE ${clause} ORDER BY ${sort} LIMIT ? OFFSET ?`)
      .all(...params, Math.min(q.limit ?? 100, 1000), q.offset ?? 0) as unknown as DbRow[];
    return { rows: rows.map((row) => toIndexRow(fromDb(row))), total };
  }

  count(profileId: string, kind: EnrollmentKind): number {
    return Number((this.db(profileId).db.prepare('SELECT COUNT(*) AS n FROM enrollment_index WHERE kind = ?').get(kind) as { n: number }).n);
  }

  sync(profileId: string, kind: EnrollmentKind): SyncState {
    const row = this.db(profileId).db.prepare('SELECT * FROM enrollment_index_sync WHERE kind = ?').get(kind) as
      | { gen: number; state: SyncState['state']; continuation: string | null; seen: number; synced_at: number | null }
      | undefined;
    return row ? { gen: row.gen, state: row.state, continuation: row.continuation, seen: row.seen, syncedAt: row.synced_at } : { gen: 0, state: 'empty', continuation: null, seen: 0, syncedAt: null };
  }

  saveSync(profileId: string, kind: EnrollmentKind, state: SyncState): void {
    this.db(profileId)
      .db.prepare(
        `INSERT INTO enrollment_index_sync (kind, gen, state, continuation, seen, synced_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind) DO UPDATE SET gen = excluded.gen, state = excluded.state, continuation = excluded.continuation, seen = excluded.seen, synced_at = excluded.synced_at`,
      )
      .run(kind, state.gen, state.state, state.continuation, state.seen, state.syncedAt);
  }

  /** A finished pass: rows it did not see were deleted outside the console. Returns how many went. */
  finishPass(profileId: string, kind: EnrollmentKind, gen: number, seen: number): number {
    const database = this.db(profileId);
    return database.transaction(() => {
      const { changes } = database.db.prepare('DELETE FROM enrollment_index WHERE kind = ? AND gen < ?').run(kind, gen);
      this.saveSync(profileId, kind, { gen, state: 'complete', continuation: null, seen, syncedAt: Date.now() });
      return Number(changes);
    });
  }

  setting(profileId: string, key: string): string | undefined {
    return (this.db(profileId).db.prepare('SELECT value FROM enrollment_settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  saveSetting(profileId: string, key: string, value: string): void {
    this.db(profileId).db.prepare('INSERT INTO enrollment_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Counts DPS service operations the console made for this profile, per UTC day. */
  countOps(profileId: string, ops: number): void {
    const day = new Date().toISOString().slice(0, 10);
    this.db(profileId).db.prepare('INSERT INTO enrollment_ops (day, ops) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET ops = ops + excluded.ops').run(day, ops);
  }

  ops(profileId: string): { today: number; month: number; total: number } {
    const day = new Date().toISOString().slice(0, 10);
    const db = this.db(profileId).db;
    const sum = (where: string, ...params: string[]) => Number((db.prepare(`SELECT COALESCE(SUM(ops), 0) AS n FROM enrollment_ops ${where}`).get(...params) as { n: number }).n);
    return { today: sum('WHERE day = ?', day), month: sum('WHERE day >= ?', `${day.slice(0, 7)}-01`), total: sum('') };
  }
}

interface DbRow {
  kind: EnrollmentKind;
  id: string;
  device_id: string | null;
  status: string | null;
  attestation: string | null;
  allocation_policy: string | null;
  hub: string | null;
  registration_status: string | null;
  serial_number: string | null;
  customer: string | null;
  model: string | null;
  created_at: string | null;
  updated_at: string | null;
  etag: string | null;
}

function fromDb(row: DbRow): StoredRow {
  return {
    kind: row.kind,
    id: row.id,
    deviceId: row.device_id,
    status: row.status,
    attestation: row.attestation,
    allocationPolicy: row.allocation_policy,
    hub: row.hub,
    registrationStatus: row.registration_status,
    serialNumber: row.serial_number,
    customer: row.customer,
    model: row.model,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    etag: row.etag,
  };
}

function toIndexRow(row: StoredRow): IndexRow {
  const { etag: _etag, ...rest } = row;
  return rest;
}
