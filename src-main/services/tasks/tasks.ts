import { randomUUID } from 'node:crypto';
import type { Task } from '../../../src-shared/contract/channels/tasks.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { Batcher } from '../../events/batcher.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { redactSecrets } from '../../security/redact.ts';
import type { ConsoleStore } from '../store/console-store.ts';

export type TaskSummary = Task['summary'];

/** What a runner gets: where it left off, a way to save progress, and the cancel signal. */
export interface TaskContext<State> {
  readonly profileId: string;
  readonly jobId: string;
  readonly signal: AbortSignal;
  /** The state of the last checkpoint (undefined on a first run): resume from here. */
  readonly resumeFrom: State | undefined;
  /**
   * Saves how far the job got, durably, before it returns: a restart or a resume starts from the
   * last checkpoint. Call it after each unit of work is acknowledged by the service, never before.
   */
  checkpoint(state: State, progress: { done: number; failed?: number; total?: number | null; summary?: TaskSummary }): void;
}

/** A job kind's work. It must be idempotent from any checkpoint (re-running a unit does no harm). */
export type TaskRunner<Input, State> = (input: Input, context: TaskContext<State>) => Promise<TaskSummary | void>;

interface JobRow {
  id: string;
  kind: string;
  title: string;
  status: Task['status'];
  done: number;
  failed: number;
  total: number | null;
  started_at: number;
  updated_at: number;
  finished_at: number | null;
  message: string | null;
  summary: string;
  input: string;
  state: string | null;
}

/**
 * Cancellable, resumable jobs whose state lives in the profile's console database, so a crash or
 * restart loses no acknowledged step: a job found 'running' at start-up was interrupted, and the
 * operator (or the caller) resumes it from its last checkpoint. Progress crosses to the renderer
 * in batches ('tasks:progress'). Inputs and states must hold no secret (they are stored).
 */
export class Tasks {
  private readonly store: ConsoleStore;
  private readonly runners = new Map<string, TaskRunner<never, never>>();
  private readonly running = new Map<string, { controller: AbortController; done: Promise<Task> }>();
  private readonly progress: Batcher<Task>;
  private readonly opened = new Set<string>();

  constructor(store: ConsoleStore, events: EventBus) {
    this.store = store;
    store.register({
      area: 'tasks',
      steps: [
        `CREATE TABLE tasks (
           id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL,
           done INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, total INTEGER,
           started_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finished_at INTEGER,
           message TEXT, summary TEXT NOT NULL DEFAULT '{}', input TEXT NOT NULL, state TEXT
         );
         CREATE INDEX tasks_kind ON tasks (kind, started_at);`,
      ],
    });
    this.progress = new Batcher<Task>((tasks) => events.emit('tasks:progress', { tasks: latestPerTask(tasks) }), { intervalMs: 250, maxItems: 1000 });
  }

  /** Registers the runner of a job kind; call once per kind at start-up. */
  define<Input, State>(kind: string, runner: TaskRunner<Input, State>): void {
    this.runners.set(kind, runner as TaskRunner<never, never>);
  }

  /** Starts a job now; resolves with its first row. `finished(id)` waits for its end. */
  start<Input>(profileId: string, kind: string, title: string, input: Input): Task {
    if (!this.runners.has(kind)) throw new AppError('internal', `no runner for task kind ${kind}`);
    const id = randomUUID();
    const now = Date.now();
    this.db(profileId)
      .prepare('INSERT INTO tasks (id, kind, title, status, started_at, updated_at, input) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, kind, title.slice(0, 200), 'running', now, now, JSON.stringify(input));
    this.run(profileId, id);
    return this.get(profileId, id);
  }

  /** Resumes a cancelled, failed or interrupted job from its last checkpoint. */
  resume(profileId: string, id: string): Task {
    const job = this.get(profileId, id);
    if (this.running.has(id)) return job;
    if (job.status === 'succeeded') throw new AppError('conflict', 'That task has already finished.');
    this.db(profileId).prepare("UPDATE tasks SET status = 'running', finished_at = NULL, message = NULL, updated_at = ? WHERE id = ?").run(Date.now(), id);
    this.run(profileId, id);
    return this.get(profileId, id);
  }

  /** Asks a running job to stop after its current unit; resolves when it has. */
  async cancel(profileId: string, id: string): Promise<Task> {
    const running = this.running.get(id);
    if (!running) return this.get(profileId, id);
    running.controller.abort();
    return running.done;
  }

  /** Resolves when the job is no longer running (at once if it is not). */
  async finished(profileId: string, id: string): Promise<Task> {
    return this.running.get(id)?.done ?? this.get(profileId, id);
  }

  get(profileId: string, id: string): Task {
    const row = this.db(profileId).prepare('SELECT * FROM tasks WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new AppError('not_found', 'No such task.');
    return toJob(row);
  }

  /** Newest first. */
  list(profileId: string, kind?: string, limit = 200): Task[] {
    const rows = (kind
      ? this.db(profileId).prepare('SELECT * FROM tasks WHERE kind = ? ORDER BY started_at DESC LIMIT ?').all(kind, limit)
      : this.db(profileId).prepare('SELECT * FROM tasks ORDER BY started_at DESC LIMIT ?').all(limit)) as unknown as JobRow[];
    return rows.map(toJob);
  }

  /** The stored input of a job, for views that show what it was asked to do. */
  input<Input>(profileId: string, id: string): Input {
    const row = this.db(profileId).prepare('SELECT input FROM tasks WHERE id = ?').get(id) as { input: string } | undefined;
    if (!row) throw new AppError('not_found', 'No such task.');
    return JSON.parse(row.input) as Input;
  }

  /** Cancels every running job and waits for them (shutdown). */
  async dispose(): Promise<void> {
    for (const { controller } of this.running.values()) controller.abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    this.progress.flush();
    this.progress.stop();
  }

  private run(profileId: string, id: string): void {
    const row = this.db(profileId).prepare('SELECT * FROM tasks WHERE id = ?').get(id) as unknown as JobRow;
    const runner = this.runners.get(row.kind);
    const controller = new AbortController();
    const update = this.db(profileId).prepare('UPDATE tasks SET state = ?, done = ?, failed = ?, total = ?, summary = ?, updated_at = ? WHERE id = ?');
    let current = toJob(row);
    const context: TaskContext<unknown> = {
      profileId,
      jobId: id,
      signal: controller.signal,
      resumeFrom: row.state === null ? undefined : JSON.parse(row.state),
      checkpoint: (state, p) => {
        const summary = p.summary ?? current.summary;
        const total = p.total === undefined ? current.total : p.total;
        update.run(JSON.stringify(state), p.done, p.failed ?? current.failed, total, JSON.stringify(summary), Date.now(), id);
        current = { ...current, done: p.done, failed: p.failed ?? current.failed, total, summary, updatedAt: Date.now() };
        this.progress.push(current);
      },
    };
    const done = (async () => {
      let status: Task['status'] = 'succeeded';
      let message: string | null = null;
      let summary: TaskSummary | void = undefined;
      try {
        summary = await runner!(JSON.parse(row.input) as never, context as never);
        if (controller.signal.aborted) status = 'cancelled';
      } catch (error) {
        status = controller.signal.aborted ? 'cancelled' : 'failed';
        message = status === 'cancelled' ? null : redactSecrets(error instanceof Error ? error.message : String(error)).slice(0, 500);
      }
      const now = Date.now();
      const finalSummary = JSON.stringify(summary ?? current.summary);
      this.db(profileId).prepare('UPDATE tasks SET status = ?, message = ?, summary = ?, finished_at = ?, updated_at = ? WHERE id = ?').run(status, message, finalSummary, now, now, id);
      this.running.delete(id);
      const finished = this.get(profileId, id);
      this.progress.push(finished);
      this.progress.flush();
      return finished;
    })();
    this.running.set(id, { controller, done });
  }

  private db(profileId: string) {
    const db = this.store.forProfile(profileId).db;
    if (!this.opened.has(profileId)) {
      // The first touch of a profile in this process: whatever is still 'running' was left by a previous one.
      this.opened.add(profileId);
      db.prepare("UPDATE tasks SET status = 'interrupted', message = 'The console stopped while this task ran; resume it to continue.', updated_at = ? WHERE status = 'running'").run(Date.now());
    }
    return db;
  }
}

function toJob(row: JobRow): Task {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    status: row.status,
    done: row.done,
    failed: row.failed,
    total: row.total,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    message: row.message,
    summary: JSON.parse(row.summary) as TaskSummary,
  };
}

function latestPerTask(tasks: Task[]): Task[] {
  const byId = new Map<string, Task>();
  for (const task of tasks) byId.set(task.id, task);
  return [...byId.values()];
}
