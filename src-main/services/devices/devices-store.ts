import type { MethodResult, MethodTemplate } from '../../../src-shared/contract/channels/device-methods.ts';
import type { SavedQuery } from '../../../src-shared/contract/channels/devices.ts';
import type { ConsoleStore, StoreMigration } from '../store/console-store.ts';

const MIGRATION: StoreMigration = {
  area: 'devices',
  steps: [
    `CREATE TABLE device_saved_queries (name TEXT PRIMARY KEY, query TEXT NOT NULL, updated_at INTEGER NOT NULL);
     CREATE TABLE device_method_templates (name TEXT PRIMARY KEY, method_name TEXT NOT NULL, payload TEXT NOT NULL, response_timeout INTEGER NOT NULL);
     CREATE TABLE device_method_calls (
       id INTEGER PRIMARY KEY,
       at INTEGER NOT NULL,
       hub_host TEXT NOT NULL,
       device_id TEXT NOT NULL,
       method_name TEXT NOT NULL,
       payload TEXT NOT NULL,
       outcome TEXT NOT NULL,
       status INTEGER,
       response TEXT,
       error_code TEXT,
       error_message TEXT,
       duration_ms INTEGER NOT NULL
     );
     CREATE INDEX device_method_calls_device ON device_method_calls (hub_host, device_id, id);`,
    `CREATE TABLE device_bulk_results (task_id TEXT NOT NULL, device_id TEXT NOT NULL, outcome TEXT NOT NULL, message TEXT, PRIMARY KEY (task_id, device_id));`,
  ],
};

/** Kept per call, so one chatty device cannot grow the store without bound. */
const MAX_STORED_TEXT = 16 * 1024;
const clip = (text: string | null) => (text !== null && text.length > MAX_STORED_TEXT ? `${text.slice(0, MAX_STORED_TEXT)}…` : text);

type Row = Record<string, string | number | null>;

/** The devices area's rows in each profile's console database: saved queries, method templates, method history. */
export class DevicesStore {
  private readonly store: ConsoleStore;

  constructor(store: ConsoleStore) {
    this.store = store;
    store.register(MIGRATION);
  }

  savedQueries(profileId: string): SavedQuery[] {
    const rows = this.db(profileId).prepare('SELECT name, query, updated_at FROM device_saved_queries ORDER BY name').all() as Row[];
    return rows.map((r) => ({ name: String(r.name), query: String(r.query), updatedAt: Number(r.updated_at) }));
  }

  saveQuery(profileId: string, name: string, query: string): SavedQuery {
    const updatedAt = Date.now();
    this.db(profileId)
      .prepare('INSERT INTO device_saved_queries (name, query, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET query = excluded.query, updated_at = excluded.updated_at')
      .run(name, query, updatedAt);
    return { name, query, updatedAt };
  }

  deleteQuery(profileId: string, name: string): boolean {
    return Number(this.db(profileId).prepare('DELETE FROM device_saved_queries WHERE name = ?').run(name).changes) > 0;
  }

  templates(profileId: string): MethodTemplate[] {
    const rows = this.db(profileId).prepare('SELECT * FROM device_method_templates ORDER BY name').all() as Row[];
    return rows.map((r) => ({ name: String(r.name), methodName: String(r.method_name), payload: String(r.payload), responseTimeoutInSeconds: Number(r.response_timeout), builtIn: false }));
  }

  saveTemplate(profileId: string, template: Omit<MethodTemplate, 'builtIn'>): MethodTemplate {
    this.db(profileId)
      .prepare(
        'INSERT INTO device_method_templates (name, method_name, payload, response_timeout) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET method_name = excluded.method_name, payload = excluded.payload, response_timeout = excluded.response_timeout',
      )
      .run(template.name, template.methodName, template.payload, template.responseTimeoutInSeconds);
    return { ...template, builtIn: false };
  }

  deleteTemplate(profileId: string, name: string): boolean {
    return Number(this.db(profileId).prepare('DELETE FROM device_method_templates WHERE name = ?').run(name).changes) > 0;
  }

  recordCall(profileId: string, hubHost: string, call: Omit<MethodResult, 'id'>): MethodResult {
    const { lastInsertRowid } = this.db(profileId)
      .prepare('INSERT INTO device_method_calls (at, hub_host, device_id, method_name, payload, outcome, status, response, error_code, error_message, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(call.at, hubHost, call.deviceId, call.methodName, clip(call.payload), call.outcome, call.status, clip(call.response), call.error?.code ?? null, call.error?.message ?? null, call.durationMs);
    return { ...call, id: Number(lastInsertRowid) };
  }

  calls(profileId: string, hubHost: string, deviceId: string, limit: number): MethodResult[] {
    const rows = this.db(profileId).prepare('SELECT * FROM device_method_calls WHERE hub_host = ? AND device_id = ? ORDER BY id DESC LIMIT ?').all(hubHost, deviceId, limit) as Row[];
    return rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      deviceId: String(r.device_id),
      methodName: String(r.method_name),
      payload: String(r.payload),
      outcome: r.outcome === 'ok' ? 'ok' : 'failed',
      status: r.status === null ? null : Number(r.status),
      response: r.response === null ? null : String(r.response),
      error: r.error_code === null ? null : { code: String(r.error_code), message: String(r.error_message ?? '') },
      durationMs: Number(r.duration_ms),
    }));
  }

  /** Per-row outcome of a bulk task; re-running a row after a resume replaces its outcome. */
  recordBulk(profileId: string, taskId: string, rows: { deviceId: string; outcome: 'ok' | 'failed'; message: string | null }[]): void {
    const database = this.store.forProfile(profileId);
    const insert = database.db.prepare('INSERT OR REPLACE INTO device_bulk_results (task_id, device_id, outcome, message) VALUES (?, ?, ?, ?)');
    database.transaction(() => {
      for (const row of rows) insert.run(taskId, row.deviceId, row.outcome, row.message);
    });
  }

  bulkResults(profileId: string, taskId: string, limit: number): { deviceId: string; outcome: 'ok' | 'failed'; message: string | null }[] {
    const rows = this.db(profileId).prepare("SELECT * FROM device_bulk_results WHERE task_id = ? ORDER BY outcome = 'ok', device_id LIMIT ?").all(taskId, limit) as Row[];
    return rows.map((r) => ({ deviceId: String(r.device_id), outcome: r.outcome === 'ok' ? 'ok' : 'failed', message: r.message === null ? null : String(r.message) }));
  }

  private db(profileId: string) {
    return this.store.forProfile(profileId).db;
  }
}
