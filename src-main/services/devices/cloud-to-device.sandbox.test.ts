import type { Client as DeviceClient } from 'azure-iot-device';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceMethodsService } from './device-methods-service.ts';
import { DevicesService } from './devices-service.ts';
import { startDevicesTestBed, type DevicesTestBed } from './devices-test-support.ts';

// Cloud-to-device through the service SDK's Client (AMQP) to a real device SDK client over MQTT.
let bed: DevicesTestBed;
let methods: DeviceMethodsService;
let host: string;
let device: DeviceClient;
const received: { body: string; properties: Record<string, string> }[] = [];

beforeAll(async () => {
  bed = await startDevicesTestBed();
  host = bed.hub.hostName;
  const devices = new DevicesService({ profiles: bed.profiles, store: bed.devicesStore, eventLog: bed.eventLog });
  methods = new DeviceMethodsService({ profiles: bed.profiles, store: bed.devicesStore, eventLog: bed.eventLog });
  await devices.create({ hubHost: host, deviceId: 'c2d-1', status: 'enabled', auth: { type: 'sas' } });
  const keys = await devices.revealKeys(host, 'c2d-1');
  device = await bed.hub.deviceClient('c2d-1', keys.primaryKey);
  await device.open();
  device.on('message', (message: { data: Buffer; properties: { propertyList: { key: string; value: string }[] } }) => {
    received.push({ body: message.data.toString('utf8'), properties: Object.fromEntries(message.properties.propertyList.map((p) => [p.key, p.value])) });
    device.complete(message as never, () => undefined);
  });
}, 30_000);

afterAll(async () => {
  await device?.close();
  await bed?.close();
});

describe('cloud-to-device messages against the sandbox hub', () => {
  it('reaches the device with its properties and reports the delivery feedback asked for', async () => {
    const sent = await methods.sendMessage({ hubHost: host, deviceId: 'c2d-1', body: '{"blink":3}', properties: { priority: 'high' }, ack: 'full' });
    expect(sent.messageId).toMatch(/^pb-/);
    await expect.poll(() => received.find((m) => m.body === '{"blink":3}'), { timeout: 20_000 }).toMatchObject({ properties: { priority: 'high' } });
    expect(sent.feedback).toBe('Success');
  });

  it('names a device that does not exist', async () => {
    await expect(methods.sendMessage({ hubHost: host, deviceId: 'nobody', body: 'x', properties: {}, ack: 'none' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
