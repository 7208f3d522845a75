import type { StatementSync } from 'node:sqlite';
import type { SandboxDatabase } from '../store/database.ts';
import type { DtdlInterface } from './dtdl.ts';

export interface StoredModel {
  id: string;
  model: DtdlInterface;
  uploadTime: string;
  decommissioned: boolean;
}

export type Twin = Record<string, unknown> & { $dtId: string; $etag: string; $metadata: Record<string, unknown> & { $model: string } };
export type Relationship = Record<string, unknown> & {
  $relationshipId: string;
  $etag: string;
  $sourceId: string;
  $targetId: string;
  $relationshipName: string;
};

/**
 * The ADT instance's data: tables `adt_models`, `adt_twins`, `adt_relationships` in the sandbox
 * database, written through on every change (synchronous=FULL) and mirrored in memory, which
 * queries and reads use. Callers wrap multi-row changes in `database.transaction`.
 */
export class AdtStore {
  readonly models = new Map<string, StoredModel>();
  readonly twins = new Map<string, Twin>();
  /** source twin id → relationship id → relationship. */
  readonly outgoing = new Map<string, Map<string, Relationship>>();
  /** target twin id → relationships pointing at it. */
  readonly incoming = new Map<string, Set<Relationship>>();
  private readonly statements: Record<'putModel' | 'deleteModel' | 'putTwin' | 'deleteTwin' | 'putRelationship' | 'deleteRelationship', StatementSync>;

  readonly database: SandboxDatabase;

  constructor(database: SandboxDatabase) {
    this.database = database;
    const db = database.db;
    db.exec(`
      CREATE TABLE IF NOT EXISTS adt_models (id TEXT PRIMARY KEY, body TEXT NOT NULL, upload_time TEXT NOT NULL, decommissioned INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS adt_twins (id TEXT PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS adt_relationships (source TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (source, id));
    `);
    this.statements = {
      putModel: db.prepare('INSERT OR REPLACE INTO adt_models (id, body, upload_time, decommissioned) VALUES (?, ?, ?, ?)'),
      deleteModel: db.prepare('DELETE FROM adt_models WHERE id = ?'),
      putTwin: db.prepare('INSERT OR REPLACE INTO adt_twins (id, body) VALUES (?, ?)'),
      deleteTwin: db.prepare('DELETE FROM adt_twins WHERE id = ?'),
      putRelationship: db.prepare('INSERT OR REPLACE INTO adt_relationships (source, id, body) VALUES (?, ?, ?)'),
      deleteRelationship: db.prepare('DELETE FROM adt_relationships WHERE source = ? AND id = ?'),
    };
    this.load();
  }

  /** (Re)reads everything from the database: at start, and after a failed COMMIT left memory ahead of the disk. */
  load(): void {
    const db = this.database.db;
    this.models.clear();
    this.twins.clear();
    this.outgoing.clear();
    this.incoming.clear();
    for (const row of db.prepare('SELECT id, body, upload_time, decommissioned FROM adt_models').all() as { id: string; body: string; upload_time: string; decommissioned: number }[]) {
      this.models.set(row.id, { id: row.id, model: JSON.parse(row.body) as DtdlInterface, uploadTime: row.upload_time, decommissioned: row.decommissioned === 1 });
    }
    for (const row of db.prepare('SELECT id, body FROM adt_twins').all() as { id: string; body: string }[]) this.twins.set(row.id, JSON.parse(row.body) as Twin);
    for (const row of db.prepare('SELECT body FROM adt_relationships').all() as { body: string }[]) this.index(JSON.parse(row.body) as Relationship);
  }

  putModel(model: StoredModel): void {
    this.statements.putModel.run(model.id, JSON.stringify(model.model), model.uploadTime, model.decommissioned ? 1 : 0);
    this.models.set(model.id, model);
  }

  deleteModel(id: string): void {
    this.statements.deleteModel.run(id);
    this.models.delete(id);
  }

  putTwin(twin: Twin): void {
    this.statements.putTwin.run(twin.$dtId, JSON.stringify(twin));
    this.twins.set(twin.$dtId, twin);
  }

  deleteTwin(id: string): void {
    this.statements.deleteTwin.run(id);
    this.twins.delete(id);
  }

  relationship(source: string, id: string): Relationship | undefined {
    return this.outgoing.get(source)?.get(id);
  }

  putRelationship(relationship: Relationship): void {
    this.statements.putRelationship.run(relationship.$sourceId, relationship.$relationshipId, JSON.stringify(relationship));
    const previous = this.relationship(relationship.$sourceId, relationship.$relationshipId);
    if (previous) this.unindex(previous);
    this.index(relationship);
  }

  deleteRelationship(relationship: Relationship): void {
    this.statements.deleteRelationship.run(relationship.$sourceId, relationship.$relationshipId);
    this.unindex(relationship);
  }

  private index(relationship: Relationship): void {
    let bySource = this.outgoing.get(relationship.$sourceId);
    if (!bySource) this.outgoing.set(relationship.$sourceId, (bySource = new Map()));
    bySource.set(relationship.$relationshipId, relationship);
    let byTarget = this.incoming.get(relationship.$targetId);
    if (!byTarget) this.incoming.set(relationship.$targetId, (byTarget = new Set()));
    byTarget.add(relationship);
  }

  private unindex(relationship: Relationship): void {
    const bySource = this.outgoing.get(relationship.$sourceId);
    bySource?.delete(relationship.$relationshipId);
    if (bySource?.size === 0) this.outgoing.delete(relationship.$sourceId);
    const byTarget = this.incoming.get(relationship.$targetId);
    byTarget?.delete(relationship);
    if (byTarget?.size === 0) this.incoming.delete(relationship.$targetId);
  }
}
