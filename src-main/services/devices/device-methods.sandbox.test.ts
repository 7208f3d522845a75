import type { Client as DeviceClient } from 'azure-iot-device';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceMethodsService } from './device-methods-service.ts';
import { DevicesService } from './devices-service.ts';
import { startDevicesTestBed, type DevicesTestBed } from './devices-test-support.ts';

// The service Client's invokeDeviceMethod against a real device SDK client connected over MQTT.
let bed: DevicesTestBed;
let methods: DeviceMethodsService;
let host: string;
let device: DeviceClient;

beforeAll(async () => {
  bed = await startDevicesTestBed();
  host = bed.hub.hostName;
  const devices = new DevicesService({ profiles: bed.profiles, store: bed.devicesStore, eventLog: bed.eventLog });
  methods = new DeviceMethodsService({ profiles: bed.profiles, store: bed.devicesStore, eventLog: bed.eventLog });
  for (const id of ['online-1', 'offline-1']) await devices.create({ hubHost: host, deviceId: id, status: 'enabled', auth: { type: 'sas' } });
  const keys = await devices.revealKeys(host, 'online-1');
  device = await bed.hub.deviceClient('online-1', keys.primaryKey);
  await device.open();
  device.onDeviceMethod('reboot', (request, response) => {
    void response.send(200, { rebooting: true, echo: request.payload });
  });
  // 'hang' is subscribed but never answered: the hub's response timeout must end the call.
  device.onDeviceMethod('hang', () => undefined);
}, 30_000);

afterAll(async () => {
  await bed?.close();
});

const call = (deviceId: string, methodName: string, extra: { payload?: string; responseTimeoutInSeconds?: number } = {}) =>
  methods.invoke({ hubHost: host, deviceId, methodName, payload: extra.payload ?? '', responseTimeoutInSeconds: extra.responseTimeoutInSeconds ?? 10, connectTimeoutInSeconds: 0 });

describe('direct methods against the sandbox hub', () => {
  it('returns the device\'s status and payload, and keeps every call in the device\'s history', async () => {
    const answered = await call('online-1', 'reboot', { payload: '{"delayInSeconds": 3}' });
    expect(answered).toMatchObject({ outcome: 'ok', status: 200, error: null });
    expect(JSON.parse(answered.response!)).toEqual({ rebooting: true, echo: { delayInSeconds: 3 } });

    const offline = await call('offline-1', 'reboot');
    expect(offline).toMatchObject({ outcome: 'failed', status: null, error: { code: 'not_found', message: expect.stringMatching(/not connected/) } });

    await expect(call('online-1', 'reboot', { payload: '{not json' })).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ path: 'payload' })] });

    expect((await methods.history(host, 'online-1', 10)).map((c) => [c.methodName, c.outcome])).toEqual([['reboot', 'ok']]);
    expect((await methods.history(host, 'offline-1', 10)).map((c) => c.error?.code)).toEqual(['not_found']);
    const events = bed.store.forProfile('sandbox').db.prepare("SELECT device_id, outcome FROM events WHERE kind = 'method-invoked' ORDER BY id").all();
    expect(events.map((e) => [e.device_id, e.outcome])).toEqual([['online-1', 'ok'], ['offline-1', 'failed']]);
  });

  it('ends a call the device never answers at the response timeout', async () => {
    const started = Date.now();
    const result = await call('online-1', 'hang', { responseTimeoutInSeconds: 5 });
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'timeout' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
  }, 30_000);

  it('offers the built-in templates and the operator\'s own', async () => {
    await methods.saveTemplate({ name: 'blink', methodName: 'blink', payload: '{"times": 3}', responseTimeoutInSeconds: 15 });
    expect((await methods.templates()).map((t) => [t.name, t.builtIn])).toEqual([['reboot', true], ['firmwareUpdate', true], ['blink', false]]);
    await expect(methods.saveTemplate({ name: 'bad', methodName: 'x', payload: '{', responseTimeoutInSeconds: 15 })).rejects.toMatchObject({ code: 'validation' });
    expect(await methods.deleteTemplate('blink')).toEqual({ deleted: true });
  });
});
