import { describe, expect, it } from 'vitest';
import { useRouterTestBed, web } from './router-test-bed.ts';

const KEY = Buffer.alloc(32, 0x5a).toString('base64');
const bed = useRouterTestBed('timeline-router-');

describe('timeline channels', () => {
  it.each([
    ['timeline:device', { id: '' }, 'id'],
    ['timeline:stuck', { stage: 'lost', olderThanMs: 1 }, 'stage'],
    ['timeline:stuck', { stage: 'silent', olderThanMs: -1 }, 'olderThanMs'],
    ['timeline:inventory', { limit: 0 }, 'limit'],
    ['timeline:export', { what: 'events', format: 'xml' }, 'format'],
    ['timeline:retention', { days: 0 }, 'days'],
    ['timeline:funnel', { hubHost: 'h', extra: 1 }, ''],
    ['timeline:fix', { id: 'x' }, 'confirmed'],
  ])('%s answers bad input naming the field (%#)', async (channel, payload, path) => {
    const reply = await bed.router.handle(channel, payload, web);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('validation');
    expect(reply.error.details?.map((d) => d.path)).toContain(path);
  });

  it('answers a device timeline, the funnel and an export of the active profile with no key in any reply, and logs the export', async () => {
    bed.services.eventLog.append('sandbox', { kind: 'enrolled', source: 'console', registrationId: 'r-1', detail: { serialNumber: 'SN-9', note: `HostName=h;DeviceId=r-1;SharedAccessKey=${KEY}` } });
    bed.services.eventLog.append('sandbox', { kind: 'registered', source: 'dps-poll', registrationId: 'r-1', deviceId: 'r-1', hubHost: 'hub', outcome: 'ok' });
    const replies = [
      await bed.router.handle('timeline:device', { id: 'r-1' }, web),
      await bed.router.handle('timeline:funnel', {}, web),
      await bed.router.handle('timeline:inventory', { query: 'sn-' }, web),
      await bed.router.handle('timeline:export', { what: 'events', format: 'csv' }, web),
    ];
    for (const reply of replies) {
      expect(reply.ok).toBe(true);
      expect(JSON.stringify(reply)).not.toContain(KEY);
    }
    expect(replies[0]).toMatchObject({ ok: true, value: { device: { status: 'registered', serialNumber: 'SN-9' }, events: [{ kind: 'enrolled' }, { kind: 'registered' }] } });
    expect(replies[2]).toMatchObject({ ok: true, value: { total: 1 } });
    expect(bed.services.eventLog.forDevice('sandbox', 'r-1')).toHaveLength(2);
    const log = bed.services.store.forProfile('sandbox').db.prepare(`SELECT detail FROM events WHERE kind = 'note'`).all() as Array<{ detail: string }>;
    expect(log.map((row) => JSON.parse(row.detail) as unknown)).toEqual([{ action: 'timeline-export', what: 'events', format: 'csv', rows: 2 }]);
  });

  it('keeps the retention setting and reports it', async () => {
    expect(await bed.router.handle('timeline:retention', {}, web)).toEqual({ ok: true, value: { days: null, removed: 0 } });
    expect(await bed.router.handle('timeline:retention', { days: 90 }, web)).toEqual({ ok: true, value: { days: 90, removed: 0 } });
    expect(await bed.router.handle('timeline:retention', {}, web)).toEqual({ ok: true, value: { days: 90, removed: 0 } });
  });
});
