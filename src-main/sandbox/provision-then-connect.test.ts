import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client as DeviceClient } from 'azure-iot-device';
import type * as DeviceSdk from 'azure-iot-device';
import type * as DeviceMqttSdk from 'azure-iot-device-mqtt';
import { createCertificate } from './server/certificates.ts';
import { hmacBase64 } from './server/sas.ts';
import { registerWithCertificate, registerWithKey, startTestSandbox } from './dps/dps-test-clients.ts';
import type { TestSandbox } from './dps/dps-test-clients.ts';

/**
 * The whole story a device lives through: DPS assigns it, then it connects to the hub it was
 * given — `assignedHub` used verbatim as HostName — with the credential DPS handed that hub.
 */
const require = createRequire(import.meta.url);
const { Client, Message } = require('azure-iot-device') as typeof DeviceSdk;
const { Mqtt } = require('azure-iot-device-mqtt') as typeof DeviceMqttSdk;

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => t?.dispose());

async function desiredOf(client: DeviceClient): Promise<Record<string, unknown>> {
  await client.open();
  await client.sendEvent(new Message(JSON.stringify({ temperature: 21.5 })));
  const twin = await client.getTwin();
  return twin.properties.desired as Record<string, unknown>;
}

describe('provision, then connect to the assigned hub', () => {
  it('a symmetric-key group member connects with its derived key and sees the initial twin', async () => {
    const group = (
      await t.service.createOrUpdateEnrollmentGroup({
        enrollmentGroupId: 'e2e-group',
        attestation: { type: 'symmetricKey' },
        initialTwin: { properties: { desired: { interval: 30 } } },
      } as never)
    ).responseBody;
    const groupKey = (group.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    const deviceKey = hmacBase64(groupKey, 'e2e-sensor-1');
    const state = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'e2e-sensor-1', deviceKey, t.ca);
    const client = Client.fromConnectionString(`HostName=${state.assignedHub};DeviceId=${state.deviceId};SharedAccessKey=${deviceKey}`, Mqtt);
    await client.setOptions({ ca: t.ca });
    try {
      expect(await desiredOf(client)).toMatchObject({ interval: 30 });
    } finally {
      await client.close();
    }
  });

  it('an X.509 device connects with the certificate it registered with', async () => {
    const device = createCertificate({ commonName: 'e2e-camera', isCa: false, days: 30 });
    await t.service.createOrUpdateIndividualEnrollment({
      registrationId: 'e2e-camera',
      attestation: { type: 'x509', x509: { clientCertificates: { primary: { certificate: device.certificatePem } } } },
      initialTwin: { properties: { desired: { resolution: '1080p' } } },
    } as never);
    const state = await registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'e2e-camera', { cert: device.certificatePem, key: device.privateKeyPem }, t.ca);
    const client = Client.fromConnectionString(`HostName=${state.assignedHub};DeviceId=${state.deviceId};x509=true`, Mqtt);
    await client.setOptions({ ca: t.ca, cert: device.certificatePem, key: device.privateKeyPem });
    try {
      expect(await desiredOf(client)).toMatchObject({ resolution: '1080p' });
    } finally {
      await client.close();
    }
  });
});
