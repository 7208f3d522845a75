import { DatabaseSync } from 'node:sqlite';

/**
 * The sandbox's one embedded database (node:sqlite, WAL, synchronous=FULL): every write the
 * sandbox acknowledges is on disk first. DPS and hub tables live here together so a registration
 * and its hub device commit in one transaction.
 */
export class SandboxDatabase {
  readonly db: DatabaseSync;
  private depth = 0;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  }

  /** Runs fn atomically; nested calls become savepoints, so modules can compose their writes. */
  transaction<T>(fn: () => T): T {
    const name = `sp${this.depth}`;
    this.db.exec(this.depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = fn();
      this.depth--;
      this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
      return result;
    } catch (error) {
      this.depth--;
      this.db.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }
}
