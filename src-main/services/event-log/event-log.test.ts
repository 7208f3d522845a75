import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleStore } from '../store/console-store.ts';
import { EventLog } from './event-log.ts';

let dir: string;
let store: ConsoleStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'event-log-'));
  store = new ConsoleStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('EventLog', () => {
  it('keeps one device\'s events in order, per profile, stamped with station and operator', () => {
    const log = new EventLog(store);
    log.identity = { station: 'bench-3', operator: 'aiko' };
    log.append('sandbox', { kind: 'enrolled', source: 'console', registrationId: 'dev-1', at: 1000 });
    log.append('sandbox', { kind: 'registered', source: 'sandbox', registrationId: 'dev-1', deviceId: 'dev-1', hubHost: 'hub-1', outcome: 'ok', at: 2000 });
    log.append('sandbox', { kind: 'enrolled', source: 'console', registrationId: 'dev-2', at: 1500 });
    log.append('other-profile', { kind: 'enrolled', source: 'console', registrationId: 'dev-1', at: 1200 });
    const timeline = log.forDevice('sandbox', 'dev-1');
    expect(timeline.map((e) => [e.kind, e.at, e.station, e.operator])).toEqual([
      ['enrolled', 1000, 'bench-3', 'aiko'],
      ['registered', 2000, 'bench-3', 'aiko'],
    ]);
    expect(log.forDevice('other-profile', 'dev-1')).toHaveLength(1);
  });

  it('survives a reopen (what returned is on disk) and keeps the database private', () => {
    const log = new EventLog(store);
    log.appendMany('sandbox', [
      { kind: 'enrolled', source: 'console', registrationId: 'd' },
      { kind: 'keys-exported', source: 'console', registrationId: 'd', detail: { fingerprint: 'ab12' } },
    ]);
    store.close();
    const again = new EventLog(new ConsoleStore(dir));
    expect(again.forDevice('sandbox', 'd').map((e) => e.kind)).toEqual(['enrolled', 'keys-exported']);
    expect(statSync(join(dir, 'store', 'sandbox.db')).mode & 0o777).toBe(0o600);
  });

  it('never stores a key that a caller put in the detail by mistake', () => {
    const log = new EventLog(store);
    const key = Buffer.alloc(32, 7).toString('base64');
    log.append('sandbox', { kind: 'note', source: 'console', registrationId: 'd', detail: { text: `SharedAccessKey=${key}`, key } });
    const row = store.forProfile('sandbox').db.prepare('SELECT detail FROM events').get() as { detail: string };
    expect(row.detail).not.toContain(key);
  });

  it('tells listeners of each committed event', () => {
    const log = new EventLog(store);
    const heard: string[] = [];
    log.onAppend((e) => heard.push(`${e.kind}:${e.registrationId}`));
    log.append('sandbox', { kind: 'connected', source: 'hub-events', registrationId: 'x' });
    expect(heard).toEqual(['connected:x']);
  });
});
