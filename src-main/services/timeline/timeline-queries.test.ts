import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog, type EventInput } from '../event-log/event-log.ts';
import { ConsoleStore } from '../store/console-store.ts';
import { TimelineService } from './timeline-service.ts';

let dir: string;
let store: ConsoleStore;
let log: EventLog;
let timeline: TimelineService;
const P = 'sandbox';
const HUB = 'hub-1.sandbox.local';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'timeline-'));
  store = new ConsoleStore(dir);
  log = new EventLog(store);
  timeline = new TimelineService(store, log);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A device walked through `stages` one second apart from `start`. */
function walk(id: string, start: number, stages: Array<EventInput['kind']>, extra: Partial<EventInput> = {}): void {
  log.appendMany(
    P,
    stages.map((kind, i) => ({ kind, source: 'simulator', registrationId: id, deviceId: kind === 'enrolled' ? null : id, hubHost: kind === 'enrolled' ? null : HUB, outcome: 'ok', at: start + i * 1000, ...extra })),
  );
}

describe('device timeline', () => {
  it('lists a device\'s steps in order with the time between them, its state and links', () => {
    log.append(P, { kind: 'enrolled', source: 'console', registrationId: 'r1', at: 1000, detail: { serialNumber: 'SN-1', customer: 'Contoso', model: 'T1' } });
    log.append(P, { kind: 'keys-pushed', source: 'serial', registrationId: 'r1', at: 4000, detail: { step: 'verify', fingerprint: 'ab12cd' } });
    log.append(P, { kind: 'registered', source: 'dps-poll', registrationId: 'r1', deviceId: 'r1', hubHost: HUB, outcome: 'ok', at: 9000 });
    // The hub names only the device id: it still files under r1.
    log.append(P, { kind: 'connected', source: 'hub-events', deviceId: 'r1', hubHost: HUB, at: 9500 });
    log.append(P, { kind: 'enrolled', source: 'console', registrationId: 'other', at: 2000 });
    const view = timeline.device(P, 'r1');
    expect(view.events.map((e) => [e.kind, e.sincePreviousMs])).toEqual([
      ['enrolled', null],
      ['keys-pushed', 3000],
      ['registered', 5000],
      ['connected', 500],
    ]);
    expect(view.device).toMatchObject({ status: 'connected', serialNumber: 'SN-1', customer: 'Contoso', hubHost: HUB, registeredAt: 9000 });
    expect(view.links).toEqual({ enrollment: { kind: 'individual', id: 'r1' }, twin: { hubHost: HUB, deviceId: 'r1' }, serialPush: { eventId: 2, at: 4000, step: 'verify' } });
  });

  it('shows a failed registration and its reason; a later success clears the failure', () => {
    log.append(P, { kind: 'registration-failed', source: 'simulator', registrationId: 'r2', outcome: 'failed', at: 10, detail: { reason: 'enrollment disabled' } });
    expect(timeline.device(P, 'r2').device).toMatchObject({ status: 'failed', failureReason: 'enrollment disabled' });
    log.append(P, { kind: 'registered', source: 'simulator', registrationId: 'r2', deviceId: 'r2', hubHost: HUB, outcome: 'ok', at: 20 });
    expect(timeline.device(P, 'r2').device?.status).toBe('registered');
  });

  it('a device the hub reported before DPS did keeps one row, which learns its registration id', () => {
    log.append(P, { kind: 'connected', source: 'hub-events', deviceId: 'early', hubHost: HUB, at: 10 });
    log.append(P, { kind: 'registered', source: 'dps-poll', registrationId: 'early', deviceId: 'early', hubHost: HUB, outcome: 'ok', at: 5 });
    expect(timeline.inventory(P, {}).rows).toMatchObject([{ registrationId: 'early', deviceId: 'early', status: 'connected', registeredAt: 5, lastKind: 'connected' }]);
  });

  it('an unknown device has an empty timeline, not an error', () => {
    expect(timeline.device(P, 'nobody')).toEqual({ device: null, events: [], links: { enrollment: null, twin: null, serialPush: null } });
  });
});

describe('fleet funnel', () => {
  it('counts each stage reached and the time between stages, filtered by hub and customer', () => {
    const all: Array<EventInput['kind']> = ['enrolled', 'registered', 'connected', 'first-telemetry', 'status-reported'];
    for (let i = 0; i < 10; i++) walk(`full-${i}`, 0, all, { detail: { customer: i < 4 ? 'Contoso' : 'Fabrikam' } });
    for (let i = 0; i < 3; i++) walk(`half-${i}`, 0, ['enrolled', 'registered']);
    walk('group-member', 0, ['registered', 'connected']);
    walk('other-hub', 0, ['enrolled', 'registered'], { hubHost: 'hub-2' });
    const funnel = timeline.funnel(P, {});
    expect(funnel.total).toBe(15);
    expect(funnel.stages.map((s) => s.count)).toEqual([15, 15, 11, 10, 10]);
    expect(funnel.transitions[0]).toMatchObject({ from: 'enrolled', to: 'registered', ms: { count: 14, p50: 1000, p99: 1000 } });
    expect(funnel.timeToProvision.ms).toMatchObject({ count: 10, p50: 4000 });
    expect(funnel.timeToProvision.histogram.find((bar) => bar.upToMs === 5000)?.count).toBe(10);
    expect(timeline.funnel(P, { customer: 'contoso' }).stages[0]!.count).toBe(4);
    expect(timeline.funnel(P, { hubHost: 'hub-2' }).total).toBe(1);
  });

  it('gives exact nearest-rank percentiles of varied stage-to-stage times', () => {
    for (let i = 1; i <= 200; i++) {
      log.append(P, { kind: 'enrolled', source: 'console', registrationId: `v-${i}`, at: 0 });
      log.append(P, { kind: 'registered', source: 'dps-poll', registrationId: `v-${i}`, deviceId: `v-${i}`, at: i * 1537 });
    }
    const { ms } = timeline.funnel(P, {}).transitions[0]!;
    expect(ms.count).toBe(200);
    expect(ms.max).toBe(200 * 1537);
    expect([ms.p50, ms.p90, ms.p99]).toEqual([100 * 1537, 180 * 1537, 198 * 1537]);
  });

  it('lists devices stuck at a stage longer than the chosen age, and not younger ones', () => {
    const now = Date.now();
    walk('old-enrolled', now - 3_600_000, ['enrolled']);
    walk('new-enrolled', now - 1000, ['enrolled']);
    walk('old-registered', now - 3_600_000, ['enrolled', 'registered']);
    walk('old-silent', now - 3_600_000, ['enrolled', 'registered', 'connected']);
    const ids = (stage: 'notRegistered' | 'notConnected' | 'silent') => timeline.stuck(P, stage, 60_000).map((d) => d.registrationId);
    expect(ids('notRegistered')).toEqual(['old-enrolled']);
    expect(ids('notConnected')).toEqual(['old-registered']);
    expect(ids('silent')).toEqual(['old-silent']);
  });
});

describe('inventory, exports and retention', () => {
  beforeEach(() => {
    log.append(P, { kind: 'enrolled', source: 'console', registrationId: 'therm-001', at: 1, detail: { tags: { serialNumber: 'SN-A1', customer: 'Contoso' } } });
    log.append(P, { kind: 'enrolled', source: 'console', registrationId: 'therm-002', at: 2, detail: { serialNumber: 'SN-B2', customer: 'Fabrikam, Inc.' } });
    log.append(P, { kind: 'registered', source: 'dps-poll', registrationId: 'therm-002', deviceId: 'therm-002', hubHost: HUB, outcome: 'ok', at: 3 });
  });

  it('finds a device by serial number, customer, registration id or device id', () => {
    const find = (query: string) => timeline.inventory(P, { query }).rows.map((r) => r.registrationId);
    expect(find('sn-a')).toEqual(['therm-001']);
    expect(find('fabrikam')).toEqual(['therm-002']);
    expect(find('therm-')).toEqual(['therm-002', 'therm-001']);
    expect(find('100%')).toEqual([]);
    expect(find('THERM-')).toEqual([]);
    expect(timeline.inventory(P, { since: 3 }).rows).toHaveLength(1);
  });

  it('exports the inventory as CSV and the events as JSON lines', () => {
    const csv = timeline.export(P, 'inventory', 'csv').text.split('\r\n');
    expect(csv[0]).toBe('registrationId,deviceId,serialNumber,customer,model,enrollmentGroup,hubHost,status,failureReason,registeredAt,lastSeenAt');
    expect(csv[1]).toBe(`therm-002,therm-002,SN-B2,"Fabrikam, Inc.",,,${HUB},registered,,1970-01-01T00:00:00.003Z,1970-01-01T00:00:00.003Z`);
    const lines = timeline.export(P, 'events', 'jsonl').text.trim().split('\n').map((line) => JSON.parse(line) as { kind: string });
    expect(lines.map((l) => l.kind)).toEqual(['enrolled', 'enrolled', 'registered']);
  });

  it('retention removes events older than the setting and the devices they described', () => {
    const now = Date.now();
    log.append(P, { kind: 'enrolled', source: 'console', registrationId: 'fresh', at: now });
    expect(timeline.setRetention(P, 30)).toBe(3);
    expect(timeline.retentionDays(P)).toBe(30);
    expect(timeline.inventory(P, {}).rows.map((r) => r.registrationId)).toEqual(['fresh']);
    expect(timeline.setRetention(P, null)).toBe(0);
  });
});
