import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EventLog } from '../event-log/event-log.ts';
import { ConsoleStore } from '../store/console-store.ts';
import { TimelineService } from './timeline-service.ts';

const dir = mkdtempSync(join(tmpdir(), 'timeline-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has acknowledged `acks` appends, then SIGKILLs it; returns the last acknowledged id. */
function runAndKill(acks: number): Promise<{ lastAcked: number; acked: number }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./crash-test-child.ts', import.meta.url)), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let seen = 0;
    let lastAcked = 0;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        lastAcked = Number(line.split(' ')[1]);
        if (++seen === acks) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ lastAcked, acked: seen }) : reject(new Error(`the writer exited by itself (${signal})`))));
  });
}

describe('a crash during a fleet run', () => {
  it('loses no acknowledged event, and the funnel still agrees with the log', async () => {
    const { lastAcked, acked } = await runAndKill(200);
    expect(acked).toBeGreaterThanOrEqual(200);
    const store = new ConsoleStore(dir);
    try {
      const log = new EventLog(store);
      const timeline = new TimelineService(store, log);
      const db = store.forProfile('sandbox').db;
      const ids = (db.prepare('SELECT id FROM events ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
      expect(ids.length).toBeGreaterThanOrEqual(lastAcked);
      expect(ids.slice(0, lastAcked)).toEqual(Array.from({ length: lastAcked }, (_, i) => i + 1));
      // The read model was written in the same transactions: it matches a recount from the log.
      const recount = (kind: string) => (db.prepare('SELECT COUNT(DISTINCT registration_id) AS n FROM events WHERE kind = ?').get(kind) as { n: number }).n;
      const funnel = timeline.funnel('sandbox', {});
      expect(funnel.stages.find((s) => s.stage === 'statusReported')!.count).toBe(recount('status-reported'));
      expect(funnel.total).toBe((db.prepare('SELECT COUNT(DISTINCT registration_id) AS n FROM events').get() as { n: number }).n);
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    } finally {
      store.close();
    }
  }, 60_000);
});
