import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../services/event-log/event-log.ts';
import { ConsoleStore } from '../../services/store/console-store.ts';
import { TimelineService } from '../../services/timeline/timeline-service.ts';
import { runCli } from '../dispatch.ts';
import { parseSince } from './inventory.ts';

let dir: string;
const HOUR = 3_600_000;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'inventory-cli-'));
  writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ version: 1, activeId: 'sandbox', profiles: [{ id: 'p-prod', name: 'Production' }] }));
  const store = new ConsoleStore(dir);
  const log = new EventLog(store);
  new TimelineService(store, log);
  const now = Date.now();
  log.append('p-prod', { kind: 'enrolled', source: 'console', registrationId: 'old-1', at: now - 48 * HOUR, detail: { serialNumber: 'SN-OLD', customer: 'Contoso' } });
  log.append('p-prod', { kind: 'enrolled', source: 'console', registrationId: 'new-1', at: now - HOUR, detail: { serialNumber: 'SN-NEW', customer: 'Fabrikam' } });
  log.append('p-prod', { kind: 'registered', source: 'dps-poll', registrationId: 'new-1', deviceId: 'new-1', hubHost: 'hub-a.azure-devices.net', outcome: 'ok', at: now - HOUR / 2 });
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['inventory', '--data-dir', dir, ...argv], { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('provisioning-bench inventory', () => {
  it('prints each device as a JSON line, found by profile name, with status and hub', async () => {
    const r = await run('--profile', 'production');
    expect(r.code).toBe(0);
    const rows = r.out.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => [row.registrationId, row.status, row.hubHost, row.serialNumber])).toEqual([
      ['new-1', 'registered', 'hub-a.azure-devices.net', 'SN-NEW'],
      ['old-1', 'enrolled', null, 'SN-OLD'],
    ]);
    expect(r.err).toContain('2 of 2 devices');
  });

  it('limits to devices seen since a time, as CSV', async () => {
    const r = await run('--profile', 'p-prod', '--since', '24h', '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^registrationId,deviceId,serialNumber,customer,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['new-1']);
  });

  it('names the wrong flag and exits 2', async () => {
    expect((await run('--profile', 'nope')).err).toMatch(/No profile "nope".*known: sandbox, Production/);
    expect((await run('--profile', 'p-prod', '--format', 'xml')).code).toBe(2);
    expect((await run('--profile', 'p-prod', '--since', 'yesterday')).err).toMatch(/--since must be/);
    expect((await run()).err).toMatch(/--profile is required/);
  });

  it('an empty profile prints nothing and says so', async () => {
    const r = await run('--profile', 'sandbox');
    expect(r).toMatchObject({ code: 0, out: '' });
    expect(r.err).toMatch(/nothing recorded yet/);
  });

  it('reads ages and ISO times', () => {
    expect(parseSince('90m', 10_000_000)).toBe(10_000_000 - 90 * 60_000);
    expect(parseSince('2026-01-31T09:00:00Z')).toBe(Date.UTC(2026, 0, 31, 9));
  });
});
