import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { SandboxDatabase } from './database.ts';
import { GroupCommit } from './group-commit.ts';

let dir: string;
let database: SandboxDatabase;
afterEach(() => {
  database?.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): SandboxDatabase {
  dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
  database = new SandboxDatabase(join(dir, 'db.sqlite'));
  database.db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
  return database;
}

const rows = (db: SandboxDatabase) => (db.db.prepare('SELECT id FROM t ORDER BY id').all() as { id: string }[]).map((row) => row.id);

it('commits a burst in one transaction, each job in its own savepoint, settling only after the commit', async () => {
  const db = open();
  const commits = new GroupCommit(db);
  const insert = db.db.prepare('INSERT INTO t (id) VALUES (?)');
  const seenInTransaction: boolean[] = [];
  const job = (id: string, fail = false) =>
    commits.run(() => {
      insert.run(id);
      seenInTransaction.push(db.db.isTransaction);
      if (fail) throw new Error(`job ${id} failed`);
      return id;
    });
  const results = await Promise.allSettled([job('a'), job('b', true), job('c')]);
  expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'job b failed' });
  expect(seenInTransaction).toEqual([true, true, true]);
  expect(rows(db)).toEqual(['a', 'c']);
  // A fresh connection sees the rows: they were committed, not just written.
  const reader = new SandboxDatabase(join(dir, 'db.sqlite'));
  expect(rows(reader)).toEqual(['a', 'c']);
  reader.close();
});

it('rejects every job of a batch that cannot be written (database gone), leaving nothing behind', async () => {
  const db = open();
  const commits = new GroupCommit(db);
  const insert = db.db.prepare('INSERT INTO t (id) VALUES (?)');
  const pending = [commits.run(() => insert.run('x')), commits.run(() => insert.run('y'))];
  db.close();
  const results = await Promise.allSettled(pending);
  expect(results.every((result) => result.status === 'rejected')).toBe(true);
  database = new SandboxDatabase(join(dir, 'db.sqlite'));
  expect(rows(database)).toEqual([]);
});
