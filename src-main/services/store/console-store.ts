import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** One area's schema: numbered steps, applied once each, in order, inside a transaction. */
export interface StoreMigration {
  /** The owning area, e.g. 'enrollment-index', 'event-log', 'long-jobs'. */
  area: string;
  /** SQL per version; step i brings the area from version i to i + 1. Never edit a landed step: append. */
  steps: string[];
}

/**
 * The console's own embedded database for one profile (node:sqlite, WAL, synchronous=FULL), kept
 * apart from the sandbox's: the enrollment index, long jobs, the event log, saved queries, serial
 * batches. A write that returned is on disk, so a crash loses nothing that was acknowledged.
 * Nothing secret is ever stored here.
 */
export class ConsoleDatabase {
  readonly db: DatabaseSync;
  readonly path: string;
  private depth = 0;

  constructor(path: string) {
    this.path = path;
    this.db = new DatabaseSync(path);
    chmodSync(path, 0o600);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    this.db.exec('CREATE TABLE IF NOT EXISTS store_migrations (area TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  }

  /** Brings an area's tables up to date; safe to call on every start. */
  migrate(migration: StoreMigration): void {
    const row = this.db.prepare('SELECT version FROM store_migrations WHERE area = ?').get(migration.area) as { version: number } | undefined;
    const from = row?.version ?? 0;
    if (from >= migration.steps.length) return;
    this.transaction(() => {
      for (let version = from; version < migration.steps.length; version++) this.db.exec(migration.steps[version]!);
      this.db.prepare('INSERT INTO store_migrations (area, version) VALUES (?, ?) ON CONFLICT(area) DO UPDATE SET version = excluded.version').run(migration.area, migration.steps.length);
    });
  }

  /** Runs fn in a transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: () => T): T {
    const name = `sp${this.depth}`;
    this.db.exec(this.depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${name}`);
    this.depth++;
    try {
      const value = fn();
      this.depth--;
      this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
      return value;
    } catch (error) {
      this.depth--;
      this.db.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

/** Opens (once) and hands out each profile's ConsoleDatabase under `<dataDir>/store/`. */
export class ConsoleStore {
  private readonly dir: string;
  private readonly open = new Map<string, ConsoleDatabase>();
  private readonly migrations: StoreMigration[] = [];

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'store');
  }

  /** Registers an area's schema; it is applied to every database opened now or later. */
  register(migration: StoreMigration): void {
    this.migrations.push(migration);
    for (const database of this.open.values()) database.migrate(migration);
  }

  forProfile(profileId: string): ConsoleDatabase {
    const existing = this.open.get(profileId);
    if (existing) return existing;
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(profileId)) throw new Error(`not a profile id: ${JSON.stringify(profileId.slice(0, 40))}`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const database = new ConsoleDatabase(join(this.dir, `${profileId}.db`));
    for (const migration of this.migrations) database.migrate(migration);
    this.open.set(profileId, database);
    return database;
  }

  close(): void {
    for (const database of this.open.values()) database.close();
    this.open.clear();
  }
}
