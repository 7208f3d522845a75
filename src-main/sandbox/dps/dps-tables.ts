import { randomUUID } from 'node:crypto';
import type { StatementSync } from 'node:sqlite';
import type { SandboxDatabase } from '../store/database.ts';

/**
 * DPS documents (enrollments, enrollment groups, registration states) stored as JSON with an
 * etag and the few columns lookups need. `tag` is the attestation type for enrollments/groups
 * and the owning group id for registration states.
 */
export interface StoredDocument<T> {
  id: string;
  body: T;
  etag: string;
}

export function createDpsSchema(database: SandboxDatabase): void {
  database.db.exec(`
    CREATE TABLE IF NOT EXISTS dps_enrollments (id TEXT PRIMARY KEY, body TEXT NOT NULL, etag TEXT NOT NULL, tag TEXT);
    CREATE TABLE IF NOT EXISTS dps_enrollment_groups (id TEXT PRIMARY KEY, body TEXT NOT NULL, etag TEXT NOT NULL, tag TEXT);
    CREATE TABLE IF NOT EXISTS dps_registrations (id TEXT PRIMARY KEY, body TEXT NOT NULL, etag TEXT NOT NULL, tag TEXT);
    CREATE INDEX IF NOT EXISTS dps_enrollment_groups_tag ON dps_enrollment_groups (tag);
    CREATE INDEX IF NOT EXISTS dps_registrations_tag ON dps_registrations (tag, id);
  `);
}

/** DPS etags are quoted strings on the wire; If-Match carries them back verbatim. */
export function newEtag(): string {
  return `"${randomUUID()}"`;
}

type Row = { id: string; body: string; etag: string };
type TableName = 'dps_enrollments' | 'dps_enrollment_groups' | 'dps_registrations';

export class DocumentTable<T> {
  private readonly getStatement: StatementSync;
  private readonly putStatement: StatementSync;
  private readonly deleteStatement: StatementSync;
  private readonly pageStatement: StatementSync;
  private readonly pageByTagStatement: StatementSync;
  private readonly byTagStatement: StatementSync;
  private readonly countStatement: StatementSync;

  constructor(database: SandboxDatabase, table: TableName) {
    const db = database.db;
    this.getStatement = db.prepare(`SELECT id, body, etag FROM ${table} WHERE id = ?`);
    this.putStatement = db.prepare(
      `INSERT INTO ${table} (id, body, etag, tag) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body, etag = excluded.etag, tag = excluded.tag`,
    );
    this.deleteStatement = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
    this.pageStatement = db.prepare(`SELECT id, body, etag FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`);
    this.pageByTagStatement = db.prepare(`SELECT id, body, etag FROM ${table} WHERE tag = ? AND id > ? ORDER BY id LIMIT ?`);
    this.byTagStatement = db.prepare(`SELECT id, body, etag FROM ${table} WHERE tag = ? ORDER BY id`);
    this.countStatement = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`);
  }

  private decode(row: Row): StoredDocument<T> {
    return { id: row.id, body: JSON.parse(row.body) as T, etag: row.etag };
  }

  get(id: string): StoredDocument<T> | null {
    const row = this.getStatement.get(id) as Row | undefined;
    return row ? this.decode(row) : null;
  }

  /** Writes the document under a fresh etag and returns that etag. */
  put(id: string, body: T, tag: string | null): string {
    const etag = newEtag();
    this.putStatement.run(id, JSON.stringify(body), etag, tag);
    return etag;
  }

  delete(id: string): boolean {
    return Number(this.deleteStatement.run(id).changes) > 0;
  }

  /** One page in id order after `afterId` (exclusive); '' starts at the beginning. */
  page(afterId: string, limit: number, tag?: string): StoredDocument<T>[] {
    const rows = (tag === undefined ? this.pageStatement.all(afterId, limit) : this.pageByTagStatement.all(tag, afterId, limit)) as Row[];
    return rows.map((row) => this.decode(row));
  }

  withTag(tag: string): StoredDocument<T>[] {
    return (this.byTagStatement.all(tag) as Row[]).map((row) => this.decode(row));
  }

  count(): number {
    return Number((this.countStatement.get() as { n: number }).n);
  }
}
