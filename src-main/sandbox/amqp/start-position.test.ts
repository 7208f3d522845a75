import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxDatabase } from '../store/database.ts';
import { EventStore } from './event-store.ts';
import { parseStartFilter, resolveStart } from './start-position.ts';

const selector = (text: string) => ({ 'apache.org:selector-filter:string': { descriptor: 0x468c00000004, value: text } });
const dir = mkdtempSync(join(tmpdir(), 'eh-store-'));
const db = new SandboxDatabase(join(dir, 'store.db'));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('start positions', () => {
  it('parses the filters @azure/event-hubs sends and refuses others', () => {
    expect(parseStartFilter(undefined)).toBeNull();
    expect(parseStartFilter(selector("amqp.annotation.x-opt-offset > '-1'"))).toEqual({ kind: 'offset', value: '-1', inclusive: false });
    expect(parseStartFilter(selector("amqp.annotation.x-opt-sequence-number >= '40'"))).toEqual({ kind: 'sequence', value: 40, inclusive: true });
    expect(parseStartFilter(selector("amqp.annotation.x-opt-enqueued-time > '1767225600000'"))).toEqual({ kind: 'time', valueMs: 1767225600000, inclusive: false });
    expect(parseStartFilter(selector('DROP TABLE'))).toBe('invalid');
    expect(parseStartFilter(selector("amqp.annotation.x-opt-sequence-number > 'x'"))).toBe('invalid');
  });

  it('resolves each position against stored events, and retention moves the beginning', () => {
    const store = new EventStore(db, 'hub', { maxAgeMs: 60_000, maxEventsPerPartition: 3 });
    db.transaction(() => {
      for (let i = 0; i < 5; i++) store.append('hub', 0, 1000 + i * 10, () => Buffer.alloc(100, i));
    });
    const start = (text: string) => resolveStart(store, 'hub', 0, parseStartFilter(selector(text)) as never);
    expect(start("amqp.annotation.x-opt-offset > '-1'")).toBe(-1);
    expect(start("amqp.annotation.x-opt-offset > '@latest'")).toBe(4);
    expect(start("amqp.annotation.x-opt-offset > '200'")).toBe(2);
    expect(start("amqp.annotation.x-opt-offset >= '200'")).toBe(1);
    expect(start("amqp.annotation.x-opt-sequence-number > '2'")).toBe(2);
    expect(start("amqp.annotation.x-opt-enqueued-time > '1020'")).toBe(2);
    expect(store.read('hub', 0, 1, 10).map((e) => e.seq)).toEqual([2, 3, 4]);

    store.prune(1000 + 60_000 + 5);
    const info = store.info('hub', 0);
    expect(info.beginSeq).toBe(2);
    expect(store.read('hub', 0, -1, 10).map((e) => e.seq)).toEqual([2, 3, 4]);
    store.prune(10_000_000);
    expect(store.info('hub', 0)).toMatchObject({ empty: true, lastSeq: 4 });
    store.close();
  });
});
