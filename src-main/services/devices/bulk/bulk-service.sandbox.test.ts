import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../events/event-bus.ts';
import { Tasks } from '../../tasks/tasks.ts';
import { startDevicesTestBed, type DevicesTestBed } from '../devices-test-support.ts';
import { DeviceBulkService } from './bulk-service.ts';
import { parseIdentities } from './identity-files.ts';

// The registry's bulk API and twin updates through the SDK against the sandbox hub, run as tasks.
let bed: DevicesTestBed;
let tasks: Tasks;
let bulk: DeviceBulkService;
let host: string;

beforeAll(async () => {
  bed = await startDevicesTestBed();
  host = bed.hub.hostName;
  tasks = new Tasks(bed.store, new EventBus());
  // Pages of 40, so an export of 149 rows reads four pages through the continuation token.
  bulk = new DeviceBulkService({ profiles: bed.profiles, tasks, store: bed.devicesStore, eventLog: bed.eventLog, exportPageSize: 40 });
  await bed.hub.registry().create({ deviceId: 'bulk-007' });
}, 30_000);

afterAll(async () => {
  await tasks?.dispose();
  await bed?.close();
});

describe('bulk identities against the sandbox hub', () => {
  it('imports 150 identities in chunks of 100 with tags, reporting each row', async () => {
    const lines = ['deviceId,status,authType,tags'];
    for (let i = 0; i < 150; i++) lines.push(`bulk-${String(i).padStart(3, '0')},${i % 50 === 0 ? 'disabled' : 'enabled'},sas,"{""batch"":""b1""}"`);
    const started = await bulk.startImport(host, 'csv', lines.join('\n'));
    const done = await tasks.finished('sandbox', started.id);
    expect(done).toMatchObject({ status: 'succeeded', total: 150, done: 149, failed: 1 });
    const results = await bulk.results(started.id, 1000);
    expect(results).toHaveLength(150);
    expect(results[0]).toMatchObject({ deviceId: 'bulk-007', outcome: 'failed', message: expect.stringMatching(/AlreadyExists/) });
    expect((await bed.hub.registry().getTwin('bulk-149')).responseBody.tags).toEqual({ batch: 'b1' });
    expect((await bed.hub.registry().get('bulk-050')).responseBody.status).toBe('disabled');
    const stored = bed.store.forProfile('sandbox').db.prepare("SELECT input FROM tasks WHERE id = ?").get(started.id) as { input: string };
    expect(stored.input).not.toMatch(/[A-Za-z0-9+/]{60,}={0,2}/);
  });

  it('updates the twins of a selection, failing only the device that is not there', async () => {
    const deviceIds = [...Array.from({ length: 120 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`), 'missing-1'];
    const started = await bulk.startTwinUpdate({ hubHost: host, deviceIds, patch: { properties: { desired: { fw: '2.0' } } } });
    const done = await tasks.finished('sandbox', started.id);
    expect(done).toMatchObject({ status: 'succeeded', total: 121, done: 120, failed: 1 });
    expect((await bulk.results(started.id, 5))[0]).toMatchObject({ deviceId: 'missing-1', outcome: 'failed', message: expect.stringMatching(/not_found|no such device|not found/i) });
    expect((await bed.hub.registry().getTwin('bulk-119')).responseBody.properties.desired).toMatchObject({ fw: '2.0' });
    await expect(bulk.startTwinUpdate({ hubHost: host, deviceIds: ['x'], patch: { tags: { 'bad.name': 1 } } })).rejects.toMatchObject({ code: 'validation' });
  });

  it('exports without keys by default, and with keys only on request, recorded', async () => {
    const plain = await bulk.export(host, 'csv', "SELECT * FROM devices WHERE tags.batch = 'b1'", false);
    expect(plain.count).toBe(149);
    expect(new Set(parseIdentities('csv', plain.text).map((r) => r.deviceId)).size).toBe(149);
    expect(plain.text).not.toMatch(/primaryKey/);
    expect(parseIdentities('csv', plain.text).find((r) => r.deviceId === 'bulk-050')).toMatchObject({ status: 'disabled', tags: { batch: 'b1' } });
    const withKeys = await bulk.export(host, 'json', "SELECT * FROM devices WHERE STARTSWITH(deviceId, 'bulk-00')", true);
    const rows = JSON.parse(withKeys.text) as Array<{ primaryKey?: string }>;
    expect(rows.length).toBe(10);
    expect(rows.every((r) => typeof r.primaryKey === 'string' && r.primaryKey.length > 40)).toBe(true);
    expect(withKeys.fileName).toMatch(/with-keys\.json$/);
    const logged = bed.store.forProfile('sandbox').db.prepare("SELECT detail FROM events WHERE kind = 'keys-exported'").all() as Array<{ detail: string }>;
    expect(logged).toHaveLength(1);
    expect(logged[0]!.detail).not.toContain(rows[0]!.primaryKey!);
  });
});
