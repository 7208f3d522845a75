import { DatabaseSync } from 'node:sqlite';

/**
 * The sandbox's one embedded database (node:sqlite, WAL, synchronous=FULL): every write the
 * sandbox acknowledges is on disk first. DPS and hub tables live here together so a registration
 * and its hub device commit in one transaction.
 */
export class SandboxDatabase {
  readonly db: DatabaseSync;
  private depth = 0;
  /** afterCommit callbacks, one list per open transaction level (index 0 = the outermost). */
  private readonly pending: (() => void)[][] = [];

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  }

  /** Runs fn atomically; nested calls become savepoints, so modules can compose their writes. */
  transaction<T>(fn: () => T): T {
    const outermost = this.depth === 0;
    const name = `sp${this.depth}`;
    this.db.exec(outermost ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${name}`);
    this.depth++;
    this.pending.push([]);
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.depth--;
      this.pending.pop();
      this.db.exec(outermost ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
    this.depth--;
    const queued = this.pending.pop() ?? [];
    if (!outermost) {
      this.db.exec(`RELEASE ${name}`);
      // A savepoint's callbacks still wait for the outermost COMMIT, and die with an outer rollback.
      this.pending[this.pending.length - 1]?.push(...queued);
      return result;
    }
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      // A failed COMMIT (disk full, I/O error) may leave the transaction open: nothing was written.
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    for (const callback of queued) runCallback(callback);
    return result;
  }

  /**
   * Runs fn once the current outermost transaction has committed (at once outside a
   * transaction), and never if it rolls back — also when only the enclosing savepoint does. So
   * what a write announces (hub events, MQTT pushes) is never something a rollback took back.
   */
  afterCommit(fn: () => void): void {
    const level = this.pending[this.pending.length - 1];
    if (level) level.push(fn);
    else runCallback(fn);
  }

  close(): void {
    this.db.close();
  }
}

/** The data is already committed: a failing listener must neither undo that nor stop the others. */
function runCallback(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    process.stderr.write(`sandbox: an after-commit callback failed: ${(error as Error)?.stack ?? String(error)}\n`);
  }
}
