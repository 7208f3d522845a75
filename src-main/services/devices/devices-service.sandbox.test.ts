import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWIN_SECTION_MAX_BYTES } from '../../../src-shared/domain/twin-limits.ts';
import { DevicesService } from './devices-service.ts';
import { startDevicesTestBed, type DevicesTestBed } from './devices-test-support.ts';

// Every call goes through the real azure-iothub Registry to the real sandbox hub over TLS.
let bed: DevicesTestBed;
let devices: DevicesService;
let host: string;

beforeAll(async () => {
  bed = await startDevicesTestBed();
  devices = new DevicesService({ profiles: bed.profiles, store: bed.devicesStore, eventLog: bed.eventLog });
  host = bed.hub.hostName;
}, 30_000);

afterAll(async () => {
  await bed?.close();
});

const logged = (kind: string) => bed.store.forProfile('sandbox').db.prepare('SELECT * FROM events WHERE kind = ? ORDER BY id').all(kind) as Array<{ device_id: string; detail: string }>;

describe('devices service against the sandbox hub', () => {
  it('creates identities with masked keys and finds them by tag, page by page, with saved queries', async () => {
    for (let i = 0; i < 5; i++) {
      const identity = await devices.create({ hubHost: host, deviceId: `tagged-${i}`, status: 'enabled', auth: { type: 'sas' } });
      expect(identity.primaryKeyFingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
      expect(JSON.stringify(identity)).not.toMatch(/[A-Za-z0-9+/]{40,}={0,2}/);
      await bed.hub.registry().updateTwin(`tagged-${i}`, { tags: { site: i < 3 ? 'osaka' : 'kyoto', line: i } }, '*');
    }
    const created = logged('hub-identity-created');
    expect(created).toHaveLength(5);
    expect(created[0]!.detail).toContain('sha256:');

    const query = "SELECT * FROM devices WHERE tags.site = 'osaka'";
    const first = await devices.query(host, query, 2);
    expect(first.items.map((d) => d.deviceId)).toEqual(['tagged-0', 'tagged-1']);
    expect(first.items[0]).toMatchObject({ status: 'enabled', connectionState: 'Disconnected', authenticationType: 'sas', tags: { site: 'osaka', line: 0 } });
    expect(first.continuationToken).not.toBeNull();
    const second = await devices.query(host, query, 2, first.continuationToken!);
    expect(second.items.map((d) => d.deviceId)).toEqual(['tagged-2']);
    expect(second.continuationToken).toBeNull();

    const counted = await devices.query(host, 'SELECT tags.site AS site, COUNT() AS n FROM devices GROUP BY tags.site', 100);
    expect(counted.items).toEqual([]);
    expect(counted.records).toEqual(expect.arrayContaining([{ site: 'osaka', n: 3 }, { site: 'kyoto', n: 2 }]));

    await expect(devices.query(host, 'SELECT * FROM devices WHERE', 10)).rejects.toMatchObject({ code: 'validation', message: expect.stringMatching(/Syntax error/) });

    await devices.saveQuery('Osaka', query);
    await devices.saveQuery('Osaka', `${query} AND status = 'enabled'`);
    expect((await devices.savedQueries()).map((q) => [q.name, q.query])).toEqual([['Osaka', `${query} AND status = 'enabled'`]]);
    expect(await devices.deleteQuery('Osaka')).toEqual({ deleted: true });
    expect(await devices.savedQueries()).toEqual([]);
  });

  it('patches tags and desired with the etag, refuses a stale etag and an oversized patch before sending', async () => {
    await devices.create({ hubHost: host, deviceId: 'twin-1', status: 'enabled', auth: { type: 'sas' } });
    const { twin } = await devices.get(host, 'twin-1');
    const etag = String(twin.etag);
    const patched = await devices.patchTwin(host, 'twin-1', etag, { tags: { room: 'a' }, properties: { desired: { interval: 10 } } });
    expect(patched).toMatchObject({ tags: { room: 'a' }, properties: { desired: { interval: 10 } } });
    expect(patched.etag).not.toBe(etag);

    await expect(devices.patchTwin(host, 'twin-1', etag, { tags: { room: 'b' } })).rejects.toMatchObject({ code: 'precondition_failed' });
    expect((await devices.get(host, 'twin-1')).twin.tags).toEqual({ room: 'a' });

    // Over the limit: refused with the reason, and the hub never saw it (no new twin-change event, tags unchanged).
    const before = (await bed.factory.sandboxStats(host)) as { lastEventSeq: number };
    const huge = { blob: 'x'.repeat(TWIN_SECTION_MAX_BYTES) };
    await expect(devices.patchTwin(host, 'twin-1', String(patched.etag), { tags: huge })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/over the service's limit of 32768 bytes/),
      details: [expect.objectContaining({ path: 'tags', key: 'devices.twinProblem.too-large' })],
    });
    const after = (await bed.factory.sandboxStats(host)) as { lastEventSeq: number };
    expect(after.lastEventSeq).toBe(before.lastEventSeq);
    expect(logged('twin-patched')).toHaveLength(1);
  });

  it('disables, regenerates keys, reveals them on request (recorded without the key) and deletes', async () => {
    const identity = await devices.create({ hubHost: host, deviceId: 'life-1', status: 'enabled', auth: { type: 'sas' } });
    expect((await devices.setStatus(host, 'life-1', 'disabled')).status).toBe('disabled');
    const regenerated = await devices.regenerateKeys(host, 'life-1', 'primary');
    expect(regenerated.primaryKeyFingerprint).not.toBe(identity.primaryKeyFingerprint);
    expect(regenerated.secondaryKeyFingerprint).toBe(identity.secondaryKeyFingerprint);

    const keys = await devices.revealKeys(host, 'life-1');
    expect(keys.connectionString).toBe(`HostName=${host};DeviceId=life-1;SharedAccessKey=${keys.primaryKey}`);
    const revealed = logged('keys-revealed');
    expect(revealed).toHaveLength(1);
    expect(revealed[0]!.detail).toContain(regenerated.primaryKeyFingerprint!);
    expect(revealed[0]!.detail).not.toContain(keys.primaryKey);

    const x509 = await devices.create({ hubHost: host, deviceId: 'x509-1', status: 'enabled', auth: { type: 'selfSigned', primaryThumbprint: 'AB'.repeat(20) } });
    expect(x509).toMatchObject({ authType: 'selfSigned', primaryThumbprint: 'AB'.repeat(20), primaryKeyFingerprint: null });
    await expect(devices.regenerateKeys(host, 'x509-1', 'both')).rejects.toMatchObject({ code: 'unsupported' });

    await devices.delete(host, 'life-1');
    await expect(devices.get(host, 'life-1')).rejects.toMatchObject({ code: 'not_found' });
    expect(logged('device-deleted').map((e) => e.device_id)).toEqual(['life-1']);
  });
});
