import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import deviceSdk from 'azure-iot-device';
import deviceMqtt from 'azure-iot-device-mqtt';
import type { DigitalTwinsClient } from '@azure/digital-twins-core';
import { hubRegistry, registerWithKey, startTestSandbox } from '../../sandbox/dps/dps-test-clients.ts';
import type { TestSandbox } from '../../sandbox/dps/dps-test-clients.ts';
import { sandboxTwinsClient, seedModels, SPACE, THERMOSTAT } from '../../sandbox/adt/adt-test-support.ts';
import { deriveDeviceKey } from '../keys/device-key.ts';
import { FunctionRunner } from './function-runner.ts';
import type { CallRecord } from './function-protocol.ts';
import { FunctionsBridge } from './functions-bridge.ts';
import { CONSUMER_GROUP } from '../hub-events/active-source.ts';
import { EventHubsHubEventSource } from '../hub-events/event-hubs-hub-event-source.ts';
import { sandboxClients } from '../../bench/support/sandbox-clients.ts';

/**
 * Seed 003 end to end against the sandbox: DTDL models, a Space with Thermostats, an enrollment
 * group whose custom allocation is the console's function host (a real child process), ten SDK
 * devices registering with modelId in their payload, telemetry moving Temperature, and a hub
 * delete removing the twin.
 */
let t: TestSandbox;
let twins: DigitalTwinsClient;
let runner: FunctionRunner;
let bridge: FunctionsBridge;
const calls: CallRecord[] = [];
const devices: deviceSdk.Client[] = [];
let groupKey = '';
const registry = (hubHost: string) => hubRegistry(t.sandbox.hubs.find((hub) => hub.hostName === hubHost)?.connectionString as string, t.ca);

beforeAll(async () => {
  t = await startTestSandbox({ hubs: 2 });
  twins = sandboxTwinsClient(t.sandbox, t.ca);
  await twins.createModels(seedModels());
  await twins.upsertDigitalTwin('space-1', JSON.stringify({ $metadata: { $model: SPACE }, DisplayName: 'Lab' }));
  for (const [dtId, regId] of [['thermo-a', 'seed-dev-0'], ['thermo-b', 'seed-dev-1']] as const) {
    await twins.upsertDigitalTwin(dtId, JSON.stringify({ $metadata: { $model: THERMOSTAT }, HubRegistrationId: regId }));
    await twins.upsertRelationship('space-1', `contains-${dtId}`, { $targetId: dtId, $relationshipName: 'contains' });
  }
  const { digitalTwins } = t.sandbox;
  runner = new FunctionRunner({ digitalTwinsUrl: digitalTwins.url, accessToken: digitalTwins.accessToken, caCertificatePath: t.sandbox.caCertificatePath });
  runner.onRecord((record) => record.type === 'call' && calls.push(record));
  const { allocationUrl } = await runner.start();
  // The console's own hub event reader: each hub's built-in endpoint through @azure/event-hubs.
  const { factory } = sandboxClients(t.sandbox);
  const events = new EventHubsHubEventSource({ consumer: (hubHost) => factory.eventHubConsumer(hubHost, CONSUMER_GROUP) });
  bridge = new FunctionsBridge(runner, events, async (hubHost, deviceId) => {
    const twin = (await registry(hubHost).getTwin(deviceId)).responseBody as { tags?: { dtId?: string } };
    return twin.tags?.dtId;
  });
  await bridge.start(t.sandbox.hubs.map((hub) => hub.hostName), (error) => {
    throw error;
  });
  const group = await t.service.createOrUpdateEnrollmentGroup({
    enrollmentGroupId: 'thermostats',
    attestation: { type: 'symmetricKey' },
    allocationPolicy: 'custom',
    customAllocationDefinition: { webhookUrl: allocationUrl, apiVersion: '2021-10-01' },
  } as never);
  groupKey = (group.responseBody.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(devices.map((device) => device.close()));
  await bridge?.stop();
  await runner?.stop();
  await t?.dispose();
});

describe('seed 003 against the sandbox', () => {
  it('ten devices register with modelId and get dtId/dtmi tags of their twins', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `seed-dev-${i}`);
    const results = await Promise.all(ids.map((id) => registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, id, deriveDeviceKey(groupKey, id), t.ca, 'mqtt', { modelId: THERMOSTAT })));
    expect(results.every((result) => result.status === 'assigned')).toBe(true);
    for (const [i, id] of ids.entries()) {
      const twin = (await registry(results[i]?.assignedHub as string).getTwin(id)).responseBody as { tags: Record<string, string> };
      expect(twin.tags).toEqual({ dtId: i === 0 ? 'thermo-a' : i === 1 ? 'thermo-b' : id, dtmi: THERMOSTAT });
    }
    // The existing Thermostats were found by HubRegistrationId; the others were created for their devices.
    expect((await twins.getDigitalTwin('seed-dev-5')).body).toMatchObject({ HubRegistrationId: 'seed-dev-5', $metadata: { $model: THERMOSTAT } });
    expect(new Set(results.map((result) => result.assignedHub)).size).toBe(2);
    expect(calls.filter((call) => call.fn === 'allocation' && call.ok)).toHaveLength(10);
    expect(calls.every((call) => call.ms >= 0)).toBe(true);

    // Telemetry from each device moves its twin's Temperature.
    for (const [i, id] of ids.entries()) {
      const client = deviceSdk.Client.fromConnectionString(`HostName=${results[i]?.assignedHub};DeviceId=${id};SharedAccessKey=${deriveDeviceKey(groupKey, id)}`, deviceMqtt.Mqtt);
      await client.setOptions({ ca: t.ca });
      devices.push(client);
      await client.open();
      await client.sendEvent(new deviceSdk.Message(JSON.stringify({ Temperature: 20 + i })));
    }
    const temperatureOf = async (dtId: string) => (await twins.getDigitalTwin(dtId)).body.Temperature as number | undefined;
    await expect.poll(() => temperatureOf('thermo-a'), { timeout: 15_000 }).toBe(20);
    await expect.poll(() => temperatureOf('thermo-b'), { timeout: 15_000 }).toBe(21);
    for (let i = 2; i < 10; i++) await expect.poll(() => temperatureOf(`seed-dev-${i}`), { timeout: 15_000 }).toBe(20 + i);
    await devices[0]?.sendEvent(new deviceSdk.Message(JSON.stringify({ Temperature: 30.5 })));
    await expect.poll(() => temperatureOf('thermo-a'), { timeout: 15_000 }).toBe(30.5);

    // Deleting hub devices deletes their twins, relationships first (thermo-a is contained by the Space).
    await devices[0]?.close();
    await registry(results[0]?.assignedHub as string).delete('seed-dev-0');
    await registry(results[5]?.assignedHub as string).delete('seed-dev-5');
    const exists = (dtId: string) => twins.getDigitalTwin(dtId).then(() => true, () => false);
    await expect.poll(() => exists('thermo-a'), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => exists('seed-dev-5'), { timeout: 15_000 }).toBe(false);
    expect(await exists('thermo-b')).toBe(true);
  });

  it("refuses a device whose model id is unknown, with the function's reason in the call log", async () => {
    const id = 'seed-dev-unknown';
    const outcome = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, id, deriveDeviceKey(groupKey, id), t.ca, 'http', { modelId: 'dtmi:example:Unknown;1' }).then(
      () => 'assigned',
      (error: Error & { result?: { registrationState?: { errorMessage?: string } } }) => error.result?.registrationState?.errorMessage ?? error.message,
    );
    expect(outcome).toMatch(/HTTP 400/);
    const call = calls.find((record) => record.fn === 'allocation' && record.deviceId === id);
    expect(call).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining('Unknown model id dtmi:example:Unknown;1') });
    expect(await twins.getDigitalTwin(id).then(() => true, () => false)).toBe(false);
  });
});
