import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestHub } from './test-support.ts';
import { startTestHub } from './test-support.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t.close();
});

describe('device identities through azure-iothub Registry', () => {
  it('creates with generated keys, gets, updates with etag, lists and deletes', async () => {
    const registry = t.registry();
    const created = (await registry.create({ deviceId: 'reg-1' })).responseBody;
    expect(created.deviceId).toBe('reg-1');
    expect((created.authentication as { type?: string }).type).toBe('sas');
    expect(Buffer.from(created.authentication?.symmetricKey?.primaryKey ?? '', 'base64')).toHaveLength(32);
    expect(created.status).toBe('enabled');
    expect(created.connectionState).toBe('Disconnected');
    expect(created.etag).toBeTruthy();

    const got = (await registry.get('reg-1')).responseBody;
    expect(got.generationId).toBe(created.generationId);

    const updated = (await registry.update({ deviceId: 'reg-1', status: 'disabled', authentication: created.authentication })).responseBody;
    expect(updated.status).toBe('disabled');
    expect(updated.etag).not.toBe(created.etag);
    expect(updated.authentication?.symmetricKey?.primaryKey).toBe(created.authentication?.symmetricKey?.primaryKey);

    await registry.create({ deviceId: 'reg-2' });
    const listed = (await registry.list()).responseBody.map((d) => d.deviceId);
    expect(listed).toEqual(expect.arrayContaining(['reg-1', 'reg-2']));

    await registry.delete('reg-1');
    await expect(registry.get('reg-1')).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
  });

  it('keeps the stored keys when an update gives none', async () => {
    const registry = t.registry();
    const created = (await registry.create({ deviceId: 'reg-keep' })).responseBody;
    const disabled = (await registry.update({ deviceId: 'reg-keep', status: 'disabled' })).responseBody;
    expect(disabled.status).toBe('disabled');
    expect(disabled.authentication?.symmetricKey).toEqual(created.authentication?.symmetricKey);
    const rotated = Buffer.alloc(32, 3).toString('base64');
    const changed = (await registry.update({ deviceId: 'reg-keep', authentication: { symmetricKey: { primaryKey: rotated, secondaryKey: rotated } } })).responseBody;
    expect(changed.authentication?.symmetricKey?.primaryKey).toBe(rotated);
  });

  it('keeps given keys and thumbprints', async () => {
    const registry = t.registry();
    const primaryKey = randomBytes(32).toString('base64');
    const secondaryKey = randomBytes(32).toString('base64');
    const sas = (await registry.create({ deviceId: 'reg-keys', authentication: { symmetricKey: { primaryKey, secondaryKey } } })).responseBody;
    expect(sas.authentication?.symmetricKey).toEqual({ primaryKey, secondaryKey });
    const print = 'AB'.repeat(20);
    const x = (await registry.create({ deviceId: 'reg-x509', authentication: { x509Thumbprint: { primaryThumbprint: print } } })).responseBody;
    expect((x.authentication as { type?: string }).type).toBe('selfSigned');
    expect(x.authentication?.x509Thumbprint?.primaryThumbprint).toBe(print);
  });

  it('answers the service errors the SDK maps to its error types', async () => {
    const registry = t.registry();
    await registry.create({ deviceId: 'reg-dup' });
    await expect(registry.create({ deviceId: 'reg-dup' })).rejects.toMatchObject({ name: 'DeviceAlreadyExistsError' });
    await expect(registry.get('nope')).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
    await expect(registry.delete('nope')).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
    await expect(registry.create({ deviceId: 'bad/id' } as never)).rejects.toMatchObject({ name: 'ArgumentError' });
    await expect(registry.create({ deviceId: 'reg-badkey', authentication: { symmetricKey: { primaryKey: 'not base64!', secondaryKey: '' } } })).rejects.toMatchObject({ name: 'ArgumentError' });
  });

  it('refuses a stale etag on update and delete', async () => {
    const registry = t.registry();
    const device = (await registry.create({ deviceId: 'reg-etag' })).responseBody;
    await registry.update({ ...device, status: 'disabled' } as never);
    // Registry.update and delete always send If-Match "*"; a stale etag comes from other clients.
    const stale = await fetchRaw('PUT', '/devices/reg-etag?api-version=2021-04-12', validToken(), JSON.stringify({ ...device, status: 'enabled' }), `"${device.etag}"`);
    expect(stale.status).toBe(412);
    const staleDelete = await fetchRaw('DELETE', '/devices/reg-etag?api-version=2021-04-12', validToken(), undefined, `"${device.etag}"`);
    expect(staleDelete.status).toBe(412);
    const current = (await registry.get('reg-etag')).responseBody;
    expect(current.status).toBe('disabled');
    const fresh = await fetchRaw('DELETE', '/devices/reg-etag?api-version=2021-04-12', validToken(), undefined, `"${current.etag}"`);
    expect(fresh.status).toBe(204);
  });

  it('refuses wrong keys, expired tokens and insufficient policies with 401', async () => {
    const wrongKey = t.registry(t.connectionString('iothubowner', randomBytes(32).toString('base64')));
    await expect(wrongKey.get('reg-2')).rejects.toMatchObject({ name: 'UnauthorizedError' });
    const unknownPolicy = t.registry(t.connectionString('nobody', t.ownerKey));
    await expect(unknownPolicy.list()).rejects.toMatchObject({ name: 'UnauthorizedError' });
    const expired = await fetchRaw('GET', '/devices?api-version=2021-04-12', expiredToken());
    expect(expired.status).toBe(401);
    expect(JSON.parse(expired.body).Message).toMatch(/^ErrorCode:IotHubUnauthorizedAccess;/);
    expect(expired.body).not.toContain(t.ownerKey);
  });

  it('runs bulk create, update and delete item by item and counts devices', async () => {
    const registry = t.registry();
    const before = (await registry.getRegistryStatistics()).responseBody;
    const added = (await registry.addDevices([{ deviceId: 'bulk-1' }, { deviceId: 'bulk-2', status: 'disabled' }, { deviceId: 'reg-2' }])).responseBody as unknown as {
      isSuccessful: boolean;
      errors: { deviceId: string; errorCode: string }[];
    };
    expect(added.isSuccessful).toBe(false);
    expect(added.errors).toEqual([expect.objectContaining({ deviceId: 'reg-2', errorCode: 'DeviceAlreadyExists' })]);
    expect((await registry.get('bulk-2')).responseBody.status).toBe('disabled');
    const stats = (await registry.getRegistryStatistics()).responseBody;
    expect(stats.totalDeviceCount).toBe(before.totalDeviceCount + 2);
    expect(stats.disabledDeviceCount).toBe(before.disabledDeviceCount + 1);
    await registry.updateDevices([{ deviceId: 'bulk-1', status: 'disabled' }], true);
    expect((await registry.get('bulk-1')).responseBody.status).toBe('disabled');
    const removed = (await registry.removeDevices([{ deviceId: 'bulk-1' }, { deviceId: 'bulk-2' }], true)).responseBody as unknown as { isSuccessful: boolean };
    expect(removed.isSuccessful).toBe(true);
    await expect(registry.get('bulk-1')).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
  });

  it('lists no modules and refuses to create one, with a clear message', async () => {
    const registry = t.registry();
    expect((await registry.getModulesOnDevice('reg-2')).responseBody).toEqual([]);
    await expect(registry.getModulesOnDevice('nope')).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
    const error = await registry.addModule({ deviceId: 'reg-2', moduleId: 'm1' }).catch((e: Error & { responseBody?: string }) => e);
    expect(error).toMatchObject({ name: 'ArgumentError' });
    expect((error as { responseBody?: string }).responseBody).toContain('not supported by the sandbox');
  });

  it('grants each shared access policy only its rights', async () => {
    const key = (name: string) => t.hub.accessPolicies.find((p) => p.keyName === name)?.primaryKey as string;
    expect(t.hub.accessPolicies.map((p) => p.keyName).sort()).toEqual(['device', 'iothubowner', 'registryRead', 'registryReadWrite', 'service']);
    const reader = t.registry(t.connectionString('registryRead', key('registryRead')));
    await expect(reader.get('reg-2')).resolves.toBeDefined();
    await expect(reader.create({ deviceId: 'by-reader' })).rejects.toMatchObject({ name: 'UnauthorizedError' });
    const writer = t.registry(t.connectionString('registryReadWrite', key('registryReadWrite')));
    await expect(writer.create({ deviceId: 'by-writer' })).resolves.toBeDefined();
    await expect(writer.updateTwin('by-writer', { tags: { a: 1 } }, '*')).rejects.toMatchObject({ name: 'UnauthorizedError' });
    const service = t.registry(t.connectionString('service', key('service')));
    await expect(service.updateTwin('by-writer', { tags: { a: 1 } }, '*')).resolves.toBeDefined();
    await expect(service.delete('by-writer')).rejects.toMatchObject({ name: 'UnauthorizedError' });
    const deviceOnly = t.registry(t.connectionString('device', key('device')));
    await expect(deviceOnly.get('reg-2')).rejects.toMatchObject({ name: 'UnauthorizedError' });
  });

  it('answers garbage with 400 and keeps serving', async () => {
    const token = validToken();
    const garbage = await fetchRaw('PUT', '/devices/g1?api-version=2021-04-12', token, '{"deviceId":');
    expect(garbage.status).toBe(400);
    const badVersion = await fetchRaw('GET', '/devices?api-version=yesterday', token);
    expect(badVersion.status).toBe(400);
    const wrongShape = await fetchRaw('PUT', '/devices/g2?api-version=2021-04-12', token, '[1,2]');
    expect(wrongShape.status).toBe(400);
    await expect(t.registry().get('g1')).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
  });
});

import { createHmac } from 'node:crypto';
import https from 'node:https';

function tokenFor(expiry: number): string {
  const sr = t.hostName;
  const sig = createHmac('sha256', Buffer.from(t.ownerKey, 'base64')).update(`${sr}\n${expiry}`).digest('base64');
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=iothubowner`;
}
const expiredToken = () => tokenFor(Math.floor(Date.now() / 1000) - 10);
const validToken = () => tokenFor(Math.floor(Date.now() / 1000) + 600);

/** A plain HTTPS request, for inputs the SDK would never send. */
function fetchRaw(method: string, path: string, authorization: string, body?: string, ifMatch?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: t.port, method, path, ca: t.tls.caPem, headers: { authorization, 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
