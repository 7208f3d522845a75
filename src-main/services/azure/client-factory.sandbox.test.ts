import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as DeviceClient } from 'azure-iot-device';
import { Mqtt as DeviceMqtt } from 'azure-iot-device-mqtt';
import { ProvisioningDeviceClient, type RegistrationResult } from 'azure-iot-provisioning-device';
import { SymmetricKeySecurityClient } from 'azure-iot-security-symmetric-key';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxTarget } from '../profiles/profile-targets.ts';
import { nodeSandboxCommand } from '../sandbox/sandbox-command.ts';
import { startSandboxProcess, type RunningSandbox } from '../sandbox/sandbox-process.ts';
import { testConnections } from '../profiles/connection-test.ts';
import { AzureClientFactory } from './client-factory.ts';
import { deviceClientOptions, deviceEndpoints, provisioningMqttTransport } from './device-transport-options.ts';

// The real sandbox, started through the CLI, reached only through the factory: the sandbox and
// Azure differ in host:port and CA alone, so this is the path every Azure operation takes too.
let dir: string;
let sandbox: RunningSandbox;
let factory: AzureClientFactory;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'factory-sandbox-'));
  sandbox = await startSandboxProcess(nodeSandboxCommand(dir), 60_000);
  factory = new AzureClientFactory(await sandboxTarget(sandbox.info));
}, 90_000);

afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('client factory against the sandbox', () => {
  it('passes the connection test on the DPS and every hub', async () => {
    const results = await testConnections(factory);
    expect(results.map((r) => [r.endpoint, r.ok, r.message])).toEqual([
      ['dps', true, 'Connected: the credentials were accepted'],
      ...factory.hubHosts().map(() => ['hub', true, 'Connected: the credentials were accepted']),
    ]);
  });

  it('reads the sandbox-only stats of the DPS and of each hub over the same transport, with each endpoint\'s SAS', async () => {
    const registrationId = `stats-${Date.now()}`;
    await factory.provisioningService().createOrUpdateIndividualEnrollment({ registrationId, attestation: { type: 'symmetricKey' } } as never);
    const dps = (await factory.sandboxStats(factory.target.dps.host)) as { individualEnrollments: number; registrations: { total: number } };
    const listed = (await factory.provisioningService().createIndividualEnrollmentQuery({ query: '*' }, 1000).next()).responseBody as unknown as unknown[];
    expect(dps.individualEnrollments).toBe(listed.length);
    expect(dps.registrations.total).toBeGreaterThanOrEqual(0);
    for (const host of factory.hubHosts()) {
      const hub = (await factory.sandboxStats(host)) as { deviceCount: number };
      expect(hub.deviceCount).toBe((await factory.registry(host).list()).responseBody.length);
    }
    await expect(factory.sandboxStats('elsewhere.invalid:1')).rejects.toMatchObject({ code: 'not_found' });
    const azure = new AzureClientFactory({ ...factory.target, kind: 'azure' });
    await expect(azure.sandboxStats(factory.target.dps.host)).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('creates and queries an enrollment, provisions a device over MQTT with the sandbox CA, then finds it and its twin in the registry', async () => {
    const registrationId = `factory-${Date.now()}`;
    const service = factory.provisioningService();
    const created = await service.createOrUpdateIndividualEnrollment({ registrationId, attestation: { type: 'symmetricKey' } } as never);
    const key = (created.responseBody as { attestation: { symmetricKey: { primaryKey: string } } }).attestation.symmetricKey.primaryKey;
    const query = service.createIndividualEnrollmentQuery({ query: '*' }, 100);
    const page = await query.next();
    expect((page.responseBody as unknown as Array<{ registrationId: string }>).map((e) => e.registrationId)).toContain(registrationId);

    const endpoints = deviceEndpoints(factory.target);
    const security = new SymmetricKeySecurityClient(registrationId, key);
    // `as never`: the security client's package nests its own copy of the common types.
    const client = ProvisioningDeviceClient.create(endpoints.provisioningHost, endpoints.idScope, provisioningMqttTransport(factory.target), security as never);
    const registration = (await client.register()) as RegistrationResult;
    expect(registration.assignedHub).toBeTruthy();

    const device = DeviceClient.fromConnectionString(`HostName=${registration.assignedHub};DeviceId=${registration.deviceId};SharedAccessKey=${key}`, DeviceMqtt);
    await device.setOptions(deviceClientOptions(factory.target));
    await device.open();
    await device.close();

    const registry = factory.registry(registration.assignedHub);
    const { responseBody: devices } = await registry.list();
    expect(devices.map((d) => d.deviceId)).toContain(registration.deviceId);
    const twin = await registry.getTwin(registration.deviceId!);
    expect(twin.responseBody.deviceId).toBe(registration.deviceId);
  }, 60_000);
});
