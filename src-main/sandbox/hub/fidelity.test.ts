import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from 'azure-iothub';
import { createRequire } from 'node:module';
import type { TestHub } from './test-support.ts';
import { startTestHub } from './test-support.ts';
import { request } from './test-requests.ts';

const require = createRequire(import.meta.url);
const { translateError: translateDeviceHttpError } = require('azure-iot-device-http/dist/http_errors.js') as {
  translateError(message: string, body: string, response: { statusCode: number }): Error;
};

/** Where the sandbox used to differ from IoT Hub (issue 14's list), each checked through the SDK. */
let t: TestHub;
let registry: Registry;
beforeAll(async () => {
  t = await startTestHub();
  registry = t.registry();
});
afterAll(async () => t?.close());

type TwinView = { properties: { desired: Record<string, unknown> & { $version: number } }; deviceScope?: string; parentScopes?: string[] };

describe('service twin patches as IoT Hub takes them', () => {
  it('clears every desired property on "desired": null, with a new version pushed to the device', async () => {
    const key = (await registry.create({ deviceId: 'clear-1' })).responseBody.authentication?.symmetricKey?.primaryKey as string;
    await registry.updateTwin('clear-1', { properties: { desired: { rate: 5, mode: { night: true } } } }, '*');
    const device = await t.deviceClient('clear-1', key);
    await device.open();
    const twin = await device.getTwin();
    const pushes: Record<string, unknown>[] = [];
    twin.on('properties.desired', (delta: Record<string, unknown>) => pushes.push(delta));
    await expect.poll(() => pushes.length).toBeGreaterThan(0); // the SDK emits the current desired once on subscribe
    const before = ((await registry.getTwin('clear-1')).responseBody as unknown as TwinView).properties.desired.$version;

    await registry.updateTwin('clear-1', { properties: { desired: null } } as never, '*');
    const after = ((await registry.getTwin('clear-1')).responseBody as unknown as TwinView).properties.desired;
    expect(after.$version).toBe(before + 1);
    expect(Object.keys(after).filter((k) => !k.startsWith('$'))).toEqual([]);
    await expect.poll(() => pushes.at(-1)).toMatchObject({ rate: null, mode: null, $version: before + 1 });
    await device.close();
  });

  it('accepts an empty "reported": {} in a service patch and in an update-twin job, and refuses reported content', async () => {
    await registry.create({ deviceId: 'rep-1' });
    await registry.updateTwin('rep-1', { tags: { site: 'a' }, properties: { reported: {} } } as never, '*');
    expect((await registry.getTwin('rep-1')).responseBody.tags).toEqual({ site: 'a' });
    await expect(registry.updateTwin('rep-1', { properties: { reported: { fw: '1' } } } as never, '*')).rejects.toThrow(/written by the device/);

    const jobs = t.jobClient();
    await jobs.scheduleTwinUpdate('rep-job', "deviceId = 'rep-1'", { etag: '*', tags: { site: 'b' }, properties: { desired: { on: true }, reported: {} } } as never);
    await expect.poll(async () => ((await jobs.getJob('rep-job')).jobStatus as unknown as { status: string }).status, { timeout: 10_000, interval: 50 }).toBe('completed');
    const stats = ((await jobs.getJob('rep-job')).jobStatus as unknown as { deviceJobStatistics: { succeededCount: number } }).deviceJobStatistics;
    expect(stats.succeededCount).toBe(1);
    expect((await registry.getTwin('rep-1')).responseBody.tags).toEqual({ site: 'b' });
  });
});

describe('nested IoT Edge scopes', () => {
  it('gives an Edge device its own deviceScope and keeps deviceScope/parentScopes sent on create', async () => {
    const edge = (await registry.create({ deviceId: 'edge-parent', capabilities: { iotEdge: true } } as never)).responseBody as unknown as { deviceScope: string };
    expect(edge.deviceScope).toMatch(/^ms-azure-iot-edge:\/\/edge-parent-\d+$/);
    const child = { deviceId: 'leaf-1', deviceScope: edge.deviceScope, parentScopes: [edge.deviceScope] };
    const created = (await registry.create(child as never)).responseBody as unknown as { deviceScope: string; parentScopes: string[] };
    expect(created).toMatchObject({ deviceScope: edge.deviceScope, parentScopes: [edge.deviceScope] });
    const read = (await registry.get('leaf-1')).responseBody as unknown as { deviceScope: string; parentScopes: string[] };
    expect(read).toMatchObject({ deviceScope: edge.deviceScope, parentScopes: [edge.deviceScope] });
    const twin = (await registry.getTwin('leaf-1')).responseBody as unknown as TwinView;
    expect(twin.deviceScope).toBe(edge.deviceScope);
    // An update that does not mention the scopes (disable) keeps them; the edge keeps its own.
    await registry.update({ deviceId: 'leaf-1', status: 'disabled' } as never);
    expect(((await registry.get('leaf-1')).responseBody as unknown as { parentScopes: string[] }).parentScopes).toEqual([edge.deviceScope]);
    expect(((await registry.get('edge-parent')).responseBody as unknown as { deviceScope: string }).deviceScope).toBe(edge.deviceScope);
    // A scope that is no Edge device's is refused (the SDK's own e2e test expects the update to fail).
    await expect(registry.update({ deviceId: 'leaf-1', deviceScope: 'ms-azure-iot-edge://nobody-1' } as never)).rejects.toThrow(/not the scope of an IoT Edge device/);
    await expect(registry.create({ deviceId: 'leaf-2', parentScopes: ['made-up'] } as never)).rejects.toThrow(/not the scope of an IoT Edge device/);
    const plain = (await registry.create({ deviceId: 'plain-1' })).responseBody as unknown as Record<string, unknown>;
    expect(plain.deviceScope).toBeUndefined();
  });
});

describe('paths the sandbox does not implement', () => {
  it('answer 501, so neither the device HTTP transport nor the registry says "device not found" for a device that exists', async () => {
    await registry.create({ deviceId: 'http-2' });
    // File upload (the device SDK's HTTP layer) is not served; its translateError makes any 404 a DeviceNotFoundError.
    const upload = await request(t, 'POST', '/devices/http-2/files?api-version=2021-04-12', { body: '{"blobName":"a.txt"}' });
    expect(upload.status).toBe(501);
    const translated = translateDeviceHttpError('upload failed', upload.body, { statusCode: upload.status });
    expect(translated.constructor.name).toBe('Error');
    expect(upload.body).toMatch(/ErrorCode:NotImplemented.*does not implement POST \/devices\/http-2\/files/);
    const moduleError = await registry.getModule('http-2', 'module-a').then(() => undefined, (error: Error) => error);
    expect(moduleError?.constructor.name).not.toBe('DeviceNotFoundError');
    expect(moduleError?.message).toMatch(/does not implement|not supported/);
    // A path outside IoT Hub's families is still a plain 404.
    expect((await request(t, 'GET', '/nowhere?api-version=2021-04-12')).status).toBe(404);
  });
});
