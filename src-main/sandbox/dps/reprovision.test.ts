import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from 'azure-iot-device';
import type * as DeviceSdk from 'azure-iot-device';
import type * as DeviceMqttSdk from 'azure-iot-device-mqtt';
import { hubRegistry, registerWithKey, startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

/**
 * Re-provisioning to a different hub, as the service documents it: with migrateDeviceData the
 * device's twin (tags, desired, reported) moves to the new hub, without it the new hub gets the
 * enrollment's initial twin; either way the device is removed from the hub it left. With
 * updateHubAssignment off it stays where it was.
 */
const require = createRequire(import.meta.url);
const { Client } = require('azure-iot-device') as typeof DeviceSdk;
const { Mqtt } = require('azure-iot-device-mqtt') as typeof DeviceMqttSdk;

let t: TestSandbox;
let hubA: string;
let hubB: string;
beforeAll(async () => {
  t = await startTestSandbox();
  [hubA, hubB] = t.sandbox.hubs.map((hub) => hub.hostName) as [string, string];
});
afterAll(async () => t?.dispose());

const registry = (host: string) => hubRegistry(t.sandbox.hubs.find((hub) => hub.hostName === host)?.connectionString as string, t.ca);
const register = (id: string, key: string) => registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, id, key, t.ca);

/** The device, connected to its hub over MQTT, reports a property and waits for the hub's answer. */
async function reportFromDevice(host: string, deviceId: string, key: string, patch: Record<string, unknown>): Promise<void> {
  const client = Client.fromConnectionString(`HostName=${host};DeviceId=${deviceId};SharedAccessKey=${key}`, Mqtt);
  await client.setOptions({ ca: t.ca });
  try {
    await client.open();
    const twin: Twin = await client.getTwin();
    await new Promise<void>((resolve, reject) => twin.properties.reported.update(patch, (error?: Error) => (error ? reject(error) : resolve())));
  } finally {
    await client.close();
  }
}

/** An enrollment pinned to hub A, registered there, its twin then changed by the service and the device. */
async function deviceLivingOnA(id: string, reprovisionPolicy: { updateHubAssignment: boolean; migrateDeviceData: boolean }): Promise<string> {
  const created = (
    await t.service.createOrUpdateIndividualEnrollment({
      registrationId: id,
      attestation: { type: 'symmetricKey' },
      allocationPolicy: 'static',
      iotHubHostName: hubA,
      reprovisionPolicy,
      initialTwin: { tags: { origin: 'enrollment' }, properties: { desired: { interval: 30 } } },
    } as never)
  ).responseBody;
  const key = (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
  expect(await register(id, key)).toMatchObject({ assignedHub: hubA, substatus: 'initialAssignment' });
  await registry(hubA).updateTwin(id, { tags: { site: 'plant-7' }, properties: { desired: { interval: 5 } } }, '*');
  await reportFromDevice(hubA, id, key, { firmware: '2.1' });
  const enrollment = (await t.service.getIndividualEnrollment(id)).responseBody;
  await t.service.createOrUpdateIndividualEnrollment({ ...enrollment, iotHubHostName: hubB });
  return key;
}

async function gone(host: string, deviceId: string): Promise<string> {
  try {
    await registry(host).get(deviceId);
  } catch (error) {
    return (error as Error).constructor.name;
  }
  return 'still there';
}

describe('re-provisioning to a different hub', () => {
  it('migrateDeviceData: the twin moves to the new hub, the device leaves the old one', async () => {
    const key = await deviceLivingOnA('move-migrate', { updateHubAssignment: true, migrateDeviceData: true });
    const before = (await registry(hubA).getTwin('move-migrate')).responseBody;
    expect(await register('move-migrate', key)).toMatchObject({ assignedHub: hubB, substatus: 'deviceDataMigrated' });

    const twin = (await registry(hubB).getTwin('move-migrate')).responseBody;
    expect(twin.tags).toEqual({ origin: 'enrollment', site: 'plant-7' });
    expect(twin.properties.desired).toMatchObject({ interval: 5, $version: before.properties.desired.$version });
    expect(twin.properties.reported).toMatchObject({ firmware: '2.1', $version: before.properties.reported.$version });
    expect(await gone(hubA, 'move-migrate')).toBe('DeviceNotFoundError');
    expect((await t.service.getDeviceRegistrationState('move-migrate')).responseBody).toMatchObject({ assignedHub: hubB, substatus: 'deviceDataMigrated' });
    // The moved device works on its new hub with the same key and sees what it reported on the old one.
    await reportFromDevice(hubB, 'move-migrate', key, { firmware: '2.2' });
    expect((await registry(hubB).getTwin('move-migrate')).responseBody.properties.reported.firmware).toBe('2.2');
  });

  it('without migrateDeviceData: the new hub gets the initial twin, the device leaves the old one', async () => {
    const key = await deviceLivingOnA('move-reset', { updateHubAssignment: true, migrateDeviceData: false });
    expect(await register('move-reset', key)).toMatchObject({ assignedHub: hubB, substatus: 'deviceDataReset' });

    const twin = (await registry(hubB).getTwin('move-reset')).responseBody;
    expect(twin.tags).toEqual({ origin: 'enrollment' });
    expect(twin.properties.desired).toMatchObject({ interval: 30 });
    expect(twin.properties.reported.firmware).toBeUndefined();
    expect(await gone(hubA, 'move-reset')).toBe('DeviceNotFoundError');
  });

  it('updateHubAssignment off: the device stays on its hub with its twin, nothing appears on the new one', async () => {
    const key = await deviceLivingOnA('stay', { updateHubAssignment: false, migrateDeviceData: true });
    expect(await register('stay', key)).toMatchObject({ assignedHub: hubA, substatus: 'deviceDataMigrated' });

    const twin = (await registry(hubA).getTwin('stay')).responseBody;
    expect(twin.tags).toEqual({ origin: 'enrollment', site: 'plant-7' });
    expect(twin.properties.desired).toMatchObject({ interval: 5 });
    expect(twin.properties.reported).toMatchObject({ firmware: '2.1' });
    expect(await gone(hubB, 'stay')).toBe('DeviceNotFoundError');
  });
});
