import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxDatabase } from './database.ts';

let dir: string;
let db: SandboxDatabase;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-db-'));
  db = new SandboxDatabase(join(dir, 'sandbox.db'));
  db.db.exec('CREATE TABLE t (v TEXT)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SandboxDatabase.afterCommit', () => {
  it('runs callbacks after the outermost COMMIT, when the rows are visible, in order', () => {
    const seen: string[] = [];
    const rows = () => (db.db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
    db.transaction(() => {
      db.db.exec("INSERT INTO t VALUES ('a')");
      db.afterCommit(() => seen.push(`first, rows=${rows()}, open=${db.db.isTransaction}`));
      db.transaction(() => db.afterCommit(() => seen.push('from a savepoint')));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['first, rows=1, open=false', 'from a savepoint']);
  });

  it('drops callbacks of a rolled-back savepoint and of a rolled-back transaction', () => {
    const seen: string[] = [];
    db.transaction(() => {
      expect(() =>
        db.transaction(() => {
          db.afterCommit(() => seen.push('savepoint'));
          throw new Error('inner');
        }),
      ).toThrow('inner');
      db.afterCommit(() => seen.push('outer'));
    });
    expect(() =>
      db.transaction(() => {
        db.transaction(() => db.afterCommit(() => seen.push('released, then the outer rolled back')));
        throw new Error('outer');
      }),
    ).toThrow('outer');
    expect(seen).toEqual(['outer']);
  });

  it('runs at once outside a transaction, and a failing callback neither undoes the commit nor stops the next', () => {
    const seen: string[] = [];
    db.afterCommit(() => seen.push('now'));
    expect(seen).toEqual(['now']);
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      db.transaction(() => {
        db.db.exec("INSERT INTO t VALUES ('b')");
        db.afterCommit(() => {
          throw new Error('listener broke');
        });
        db.afterCommit(() => seen.push('next'));
      });
    } finally {
      process.stderr.write = stderr;
    }
    expect(seen).toEqual(['now', 'next']);
    expect(db.db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'b' }]);
  });
});
