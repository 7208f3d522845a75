import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client as DeviceClient } from 'azure-iot-device';
import type * as DeviceSdk from 'azure-iot-device';
import type * as DeviceMqttSdk from 'azure-iot-device-mqtt';
import { createCertificate, publicKeyOf } from './server/certificates.ts';
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

  it('an X.509 group member connects with a certificate chained to the signing certificate; an impostor with its CN is refused', async () => {
    // The group trusts an intermediate, not the root above it: the hub must accept a chain that stops there.
    const root = createCertificate({ commonName: 'Plant Root', isCa: true, days: 30 });
    const line = createCertificate({ commonName: 'Plant Line 2', isCa: true, days: 30, issuer: { commonName: 'Plant Root', publicKey: publicKeyOf(root.certificatePem) }, issuerKeyPem: root.privateKeyPem });
    const signedBy = (issuer: { certificatePem: string; privateKeyPem: string }, issuerName: string, commonName: string, days = 30) =>
      createCertificate({ commonName, isCa: false, days, issuer: { commonName: issuerName, publicKey: publicKeyOf(issuer.certificatePem) }, issuerKeyPem: issuer.privateKeyPem });
    await t.service.createOrUpdateEnrollmentGroup({
      enrollmentGroupId: 'e2e-plant',
      attestation: { type: 'x509', x509: { signingCertificates: { primary: { certificate: line.certificatePem } } } },
    } as never);
    const device = signedBy(line, 'Plant Line 2', 'e2e-press-9');
    const state = await registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'e2e-press-9', { cert: device.certificatePem, key: device.privateKeyPem }, t.ca);
    expect(state.deviceId).toBe('e2e-press-9');

    const connect = async (certificate: { certificatePem: string; privateKeyPem: string }) => {
      const client = Client.fromConnectionString(`HostName=${state.assignedHub};DeviceId=e2e-press-9;x509=true`, Mqtt);
      await client.setOptions({ ca: t.ca, cert: certificate.certificatePem, key: certificate.privateKeyPem });
      return client;
    };
    const client = await connect(device);
    try {
      await client.open();
      await client.sendEvent(new Message(JSON.stringify({ pressure: 3.2 })));
    } finally {
      await client.close();
    }

    // Same CN, but signed by a CA the hub has never verified.
    const stranger = createCertificate({ commonName: 'Elsewhere Root', isCa: true, days: 30 });
    const impostors = [
      signedBy(stranger, 'Elsewhere Root', 'e2e-press-9'),
      // Signed by the trusted CA, but for another device id, or expired.
      signedBy(line, 'Plant Line 2', 'e2e-press-10'),
      signedBy(line, 'Plant Line 2', 'e2e-press-9', -1),
    ];
    for (const impostor of impostors) {
      const refused = await connect(impostor);
      await expect(refused.open()).rejects.toThrow(/Not authorized/i);
      await refused.close();
    }
  });
});
