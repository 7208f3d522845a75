import type { StatementSync } from 'node:sqlite';
import type { SandboxDatabase } from '../store/database.ts';
import type { DeviceScopes } from './device-scope.ts';
import type { JsonObject } from './twin-document.ts';

export type DeviceAuthentication =
  | { type: 'sas'; primaryKey: string; secondaryKey: string }
  | { type: 'selfSigned'; primaryThumbprint: string | null; secondaryThumbprint: string | null }
  | { type: 'certificateAuthority' }
  | { type: 'none' };

/** One device identity with its twin, as stored. Connection state lives in memory (DeviceSessions). */
export interface DeviceRecord {
  deviceId: string;
  generationId: string;
  etag: string;
  status: 'enabled' | 'disabled';
  statusReason: string | null;
  statusUpdatedTime: string;
  authentication: DeviceAuthentication;
  iotEdge: boolean;
  /** Nested Edge scopes (`deviceScope`, `parentScopes`). */
  scopes: DeviceScopes;
  cloudToDeviceMessageCount: number;
  tags: JsonObject;
  desired: JsonObject;
  reported: JsonObject;
  /** `$metadata` trees of desired and reported. */
  meta: { desired: JsonObject; reported: JsonObject };
  desiredVersion: number;
  reportedVersion: number;
  twinVersion: number;
  twinEtag: string;
  lastActivityTime: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hub_devices (
  hub TEXT NOT NULL,
  device_id TEXT NOT NULL,
  generation_id TEXT NOT NULL,
  etag TEXT NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT,
  status_updated TEXT NOT NULL,
  auth TEXT NOT NULL,
  iot_edge INTEGER NOT NULL,
  c2d_count INTEGER NOT NULL DEFAULT 0,
  tags TEXT NOT NULL,
  desired TEXT NOT NULL,
  reported TEXT NOT NULL,
  meta TEXT NOT NULL,
  desired_version INTEGER NOT NULL,
  reported_version INTEGER NOT NULL,
  twin_version INTEGER NOT NULL,
  twin_etag TEXT NOT NULL,
  last_activity TEXT,
  scopes TEXT,
  PRIMARY KEY (hub, device_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hub_policies (
  hub TEXT NOT NULL,
  name TEXT NOT NULL,
  primary_key TEXT NOT NULL,
  secondary_key TEXT NOT NULL,
  PRIMARY KEY (hub, name)
) WITHOUT ROWID;
`;

type Row = Record<string, string | number | null>;

const EMPTY_JSON: Record<string, string> = {
  auth: `'{"type":"none"}'`,
  tags: `'{}'`,
  desired: `'{}'`,
  reported: `'{}'`,
  meta: `'{"desired":{},"reported":{}}'`,
};

const COLUMNS =
  'device_id, generation_id, etag, status, status_reason, status_updated, auth, iot_edge, c2d_count, tags, desired, reported, meta, desired_version, reported_version, twin_version, twin_etag, last_activity, scopes';

/** The hub's device table, bound to one hub name; every method is synchronous so callers can compose transactions. */
export class DeviceStore {
  readonly db: SandboxDatabase;
  readonly hub: string;
  private readonly statements = new Map<string, StatementSync>();

  constructor(db: SandboxDatabase, hub: string) {
    this.db = db;
    this.hub = hub;
    db.db.exec(SCHEMA);
    // Tables made before nested Edge scopes were kept gain the column (NULL: no scopes).
    const columns = db.db.prepare('PRAGMA table_info(hub_devices)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'scopes')) db.db.exec('ALTER TABLE hub_devices ADD COLUMN scopes TEXT');
  }

  private prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  get(deviceId: string): DeviceRecord | undefined {
    const row = this.prepare(`SELECT ${COLUMNS} FROM hub_devices WHERE hub = ? AND device_id = ?`).get(this.hub, deviceId) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  has(deviceId: string): boolean {
    return this.prepare('SELECT 1 FROM hub_devices WHERE hub = ? AND device_id = ?').get(this.hub, deviceId) !== undefined;
  }

  /** Inserts or replaces the whole record. */
  put(record: DeviceRecord): void {
    this.prepare(`INSERT OR REPLACE INTO hub_devices (hub, ${COLUMNS}) VALUES (${new Array(20).fill('?').join(', ')})`).run(
      this.hub,
      record.deviceId,
      record.generationId,
      record.etag,
      record.status,
      record.statusReason,
      record.statusUpdatedTime,
      JSON.stringify(record.authentication),
      record.iotEdge ? 1 : 0,
      record.cloudToDeviceMessageCount,
      JSON.stringify(record.tags),
      JSON.stringify(record.desired),
      JSON.stringify(record.reported),
      JSON.stringify(record.meta),
      record.desiredVersion,
      record.reportedVersion,
      record.twinVersion,
      record.twinEtag,
      record.lastActivityTime,
      record.scopes.deviceScope || record.scopes.parentScopes.length > 0 ? JSON.stringify(record.scopes) : null,
    );
  }

  /** Whether an IoT Edge device of this hub has `scope` as its own deviceScope. */
  hasEdgeScope(scope: string): boolean {
    return this.prepare("SELECT 1 FROM hub_devices WHERE hub = ? AND iot_edge = 1 AND json_extract(scopes, '$.deviceScope') = ?").get(this.hub, scope) !== undefined;
  }

  delete(deviceId: string): boolean {
    return Number(this.prepare('DELETE FROM hub_devices WHERE hub = ? AND device_id = ?').run(this.hub, deviceId).changes) > 0;
  }

  count(): number {
    return Number((this.prepare('SELECT COUNT(*) AS n FROM hub_devices WHERE hub = ?').get(this.hub) as Row).n);
  }

  statusCounts(): { enabled: number; disabled: number } {
    const rows = this.prepare('SELECT status, COUNT(*) AS n FROM hub_devices WHERE hub = ? GROUP BY status').all(this.hub) as Row[];
    const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    return { enabled: count('enabled'), disabled: count('disabled') };
  }

  /**
   * Devices in id order after `afterId`, optionally narrowed by a SQL prefilter over the row
   * (a superset of the real match; the query evaluator decides exactly).
   */
  scan(
    afterId: string | null,
    limit: number,
    prefilter: { sql: string; params: (string | number)[] } | null = null,
    columns: ReadonlySet<string> | null = null,
  ): DeviceRecord[] {
    const where = prefilter ? ` AND (${prefilter.sql})` : '';
    // Unread JSON columns come back as empty stand-ins: a query reading only tags skips the rest.
    const selected = columns ? COLUMNS.split(', ').map((c) => (c in EMPTY_JSON && !columns.has(c) ? `${EMPTY_JSON[c]} AS ${c}` : c)).join(', ') : COLUMNS;
    const sql = `SELECT ${selected} FROM hub_devices WHERE hub = ? AND device_id > ?${where} ORDER BY device_id LIMIT ?`;
    const rows = this.db.db.prepare(sql).all(this.hub, afterId ?? '', ...(prefilter?.params ?? []), limit) as Row[];
    return rows.map(fromRow);
  }

  /** Writes lastActivityTime for many devices in one transaction (flushed on a timer, not per message). */
  touchActivity(times: Map<string, string>): void {
    if (times.size === 0) return;
    const statement = this.prepare('UPDATE hub_devices SET last_activity = ? WHERE hub = ? AND device_id = ?');
    this.db.transaction(() => {
      for (const [deviceId, at] of times) statement.run(at, this.hub, deviceId);
    });
  }

  policyKeys(): Map<string, { primaryKey: string; secondaryKey: string }> {
    const rows = this.prepare('SELECT name, primary_key, secondary_key FROM hub_policies WHERE hub = ?').all(this.hub) as Row[];
    return new Map(rows.map((r) => [String(r.name), { primaryKey: String(r.primary_key), secondaryKey: String(r.secondary_key) }]));
  }

  putPolicy(name: string, primaryKey: string, secondaryKey: string): void {
    this.prepare('INSERT OR REPLACE INTO hub_policies (hub, name, primary_key, secondary_key) VALUES (?, ?, ?, ?)').run(this.hub, name, primaryKey, secondaryKey);
  }
}

function fromRow(row: Row): DeviceRecord {
  return {
    deviceId: String(row.device_id),
    generationId: String(row.generation_id),
    etag: String(row.etag),
    status: row.status === 'disabled' ? 'disabled' : 'enabled',
    statusReason: row.status_reason === null ? null : String(row.status_reason),
    statusUpdatedTime: String(row.status_updated),
    authentication: JSON.parse(String(row.auth)) as DeviceAuthentication,
    iotEdge: Number(row.iot_edge) === 1,
    scopes: row.scopes === null || row.scopes === undefined ? { deviceScope: null, parentScopes: [] } : (JSON.parse(String(row.scopes)) as DeviceScopes),
    cloudToDeviceMessageCount: Number(row.c2d_count),
    tags: JSON.parse(String(row.tags)) as JsonObject,
    desired: JSON.parse(String(row.desired)) as JsonObject,
    reported: JSON.parse(String(row.reported)) as JsonObject,
    meta: JSON.parse(String(row.meta)) as DeviceRecord['meta'],
    desiredVersion: Number(row.desired_version),
    reportedVersion: Number(row.reported_version),
    twinVersion: Number(row.twin_version),
    twinEtag: String(row.twin_etag),
    lastActivityTime: row.last_activity === null ? null : String(row.last_activity),
  };
}
