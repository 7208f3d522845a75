import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../events/event-bus.ts';
import { ConsoleStore } from '../store/console-store.ts';
import { Tasks, type TaskContext } from './tasks.ts';

let dir: string;
let store: ConsoleStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tasks-'));
  store = new ConsoleStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Counts to `input.to`, one checkpoint per step; waits on `gate` before each step so tests can stop it midway. */
function counter(done: number[], gate: { wait: () => Promise<void> }) {
  return async (input: { to: number }, ctx: TaskContext<{ next: number }>) => {
    for (let i = ctx.resumeFrom?.next ?? 0; i < input.to; i++) {
      await gate.wait();
      if (ctx.signal.aborted) return;
      done.push(i);
      ctx.checkpoint({ next: i + 1 }, { done: i + 1, total: input.to });
    }
    return { counted: input.to };
  };
}

describe('Tasks', () => {
  it('runs a task to the end, keeps its progress and summary, and reports progress in batches', async () => {
    const events = new EventBus();
    const seen: unknown[] = [];
    events.subscribe((name, payload) => name === 'tasks:progress' && seen.push(payload));
    const tasks = new Tasks(store, events);
    const done: number[] = [];
    tasks.define('count', counter(done, { wait: async () => undefined }));
    const started = tasks.start('sandbox', 'count', 'Count to 5', { to: 5 });
    expect(started.status).toBe('running');
    const finished = await tasks.finished('sandbox', started.id);
    expect(finished).toMatchObject({ status: 'succeeded', done: 5, total: 5, summary: { counted: 5 } });
    expect(done).toEqual([0, 1, 2, 3, 4]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(5);
    await tasks.dispose();
  });

  it('cancels after the current step and resumes from the last checkpoint without redoing a step', async () => {
    const tasks = new Tasks(store, new EventBus());
    const done: number[] = [];
    let release: () => void = () => undefined;
    let steps = 0;
    tasks.define('count', counter(done, { wait: () => (++steps <= 3 ? Promise.resolve() : new Promise<void>((r) => (release = r))) }));
    const { id } = tasks.start('sandbox', 'count', 'Count', { to: 6 });
    await expect.poll(() => done.length).toBe(3);
    const cancelling = tasks.cancel('sandbox', id);
    release();
    expect(await cancelling).toMatchObject({ status: 'cancelled', done: 3 });
    steps = -100;
    tasks.resume('sandbox', id);
    expect(await tasks.finished('sandbox', id)).toMatchObject({ status: 'succeeded', done: 6 });
    expect(done).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reports a task left running by a crashed process as interrupted, and resumes it where it stopped', async () => {
    const first = new Tasks(store, new EventBus());
    const done: number[] = [];
    let steps = 0;
    first.define('count', counter(done, { wait: () => (++steps <= 2 ? Promise.resolve() : new Promise<void>(() => undefined)) }));
    const { id } = first.start('sandbox', 'count', 'Count', { to: 4 });
    await expect.poll(() => done.length).toBe(2);
    store.close(); // the process "dies" here: its database handle is gone, the row still says running

    const reopened = new ConsoleStore(dir);
    const second = new Tasks(reopened, new EventBus());
    second.define('count', counter(done, { wait: async () => undefined }));
    expect(second.get('sandbox', id)).toMatchObject({ status: 'interrupted', done: 2 });
    second.resume('sandbox', id);
    expect(await second.finished('sandbox', id)).toMatchObject({ status: 'succeeded', done: 4 });
    expect(done).toEqual([0, 1, 2, 3]);
    reopened.close();
  });

  it('records a failure with its message, redacted', async () => {
    const tasks = new Tasks(store, new EventBus());
    tasks.define('boom', async () => {
      throw new Error('refused: SharedAccessKey=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=');
    });
    const { id } = tasks.start('sandbox', 'boom', 'Boom', {});
    const finished = await tasks.finished('sandbox', id);
    expect(finished.status).toBe('failed');
    expect(finished.message).toContain('refused');
    expect(finished.message).not.toContain('c2VjcmV0');
    expect(tasks.list('sandbox').map((t) => t.id)).toEqual([id]);
  });
});
