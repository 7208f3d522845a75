import type { SandboxDatabase } from './database.ts';

interface Job<T> {
  work: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes queued in the same turn of the event loop share one transaction, so one
 * fsync (synchronous=FULL) covers a burst of device registrations instead of one each. Every job
 * runs in its own savepoint — a failing job rolls back alone — and every promise settles only
 * after the COMMIT, so nothing is acknowledged before it is on disk.
 */
export class GroupCommit {
  private readonly database: SandboxDatabase;
  private queue: Job<unknown>[] = [];
  private scheduled = false;

  constructor(database: SandboxDatabase) {
    this.database = database;
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as Job<unknown>);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.database.transaction(() => {
        for (const job of jobs) {
          try {
            outcomes.push({ ok: true, value: this.database.transaction(job.work) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The COMMIT itself failed: nothing of this batch is on disk.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome?.error);
    });
  }
}
