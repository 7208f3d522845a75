import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as DeviceSdk from 'azure-iot-provisioning-device';
import type * as X509Sdk from 'azure-iot-security-x509';
import type { RegistrationResult } from 'azure-iot-provisioning-device';
import { createCertificate, publicKeyOf } from '../server/certificates.ts';
import { hmacBase64 } from '../server/sas.ts';
import { provisionOverAmqpWs, webSocketAgent } from '../server/ws-test-clients.ts';
import { amqpTransport, hubRegistry, registerWithCertificate, registerWithKey, startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

/**
 * azure-iot-provisioning-device-amqp against the sandbox's DPS: `Amqp` on the DPS's own TLS port
 * (protocol header) and `AmqpWs` on its HTTPS side (`/$iothub/websocket`, AMQPWSB10).
 */
const require = createRequire(import.meta.url);
const { ProvisioningDeviceClient } = require('azure-iot-provisioning-device') as typeof DeviceSdk;
const { X509Security } = require('azure-iot-security-x509') as typeof X509Sdk;

/** A local custom-allocation webhook that echoes the device's payload back with a greeting. */
const webhookBodies: Record<string, unknown>[] = [];
const webhook = http.createServer((req, res) => {
  let text = '';
  req.on('data', (chunk: Buffer) => (text += chunk.toString()));
  req.on('end', () => {
    const body = JSON.parse(text) as { deviceRuntimeContext: { payload?: unknown }; linkedHubs: string[] };
    webhookBodies.push(body);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ iotHubHostName: body.linkedHubs[0], payload: { echoed: body.deviceRuntimeContext.payload } }));
  });
});

let t: TestSandbox;
const portOf = (host: string) => Number(host.slice(host.lastIndexOf(':') + 1));
beforeAll(async () => {
  t = await startTestSandbox({ hubs: 1 });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  webhook.closeAllConnections();
  await new Promise((resolve) => webhook.close(resolve));
  await t?.dispose();
});

async function individual(registrationId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = (await t.service.createOrUpdateIndividualEnrollment({ registrationId, attestation: { type: 'symmetricKey' }, ...extra } as never)).responseBody;
  return (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
}

async function hubDevice(deviceId: string) {
  const hub = t.sandbox.hubs[0] as { connectionString: string };
  return (await hubRegistry(hub.connectionString, t.ca).get(deviceId)).responseBody;
}

async function failure(promise: Promise<unknown>): Promise<Error & { condition?: string; description?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the registration to fail');
}

/** The SDK hands on the AMQP error the connection was closed with; its description is the DPS error body. */
function refusal(error: { condition?: string; description?: string }): Record<string, unknown> {
  return { condition: error.condition, ...(JSON.parse(error.description ?? '{}') as Record<string, unknown>) };
}

describe('DPS device registration over AMQP', () => {
  it('registers an individual symmetric-key enrollment and creates the hub device with its key', async () => {
    const key = await individual('amqp-sym', { deviceId: 'amqp-sym-device', initialTwin: { tags: { via: 'amqp' } } });
    const result = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'amqp-sym', key, t.ca, 'amqp');
    expect(result).toMatchObject({ registrationId: 'amqp-sym', deviceId: 'amqp-sym-device', status: 'assigned', substatus: 'initialAssignment', assignedHub: t.sandbox.hubs[0]?.hostName });
    expect((await hubDevice('amqp-sym-device')).authentication?.symmetricKey?.primaryKey).toBe(key);
    expect((await t.service.getDeviceRegistrationState('amqp-sym')).responseBody).toMatchObject({ status: 'assigned', deviceId: 'amqp-sym-device' });
  });

  it('registers a group member with its derived key', async () => {
    const group = (await t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'amqp-group', attestation: { type: 'symmetricKey' } } as never)).responseBody;
    const groupKey = (group.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    const derived = hmacBase64(groupKey, 'amqp-member-1');
    const result = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'amqp-member-1', derived, t.ca, 'amqp');
    expect(result).toMatchObject({ status: 'assigned', deviceId: 'amqp-member-1' });
    expect((await hubDevice('amqp-member-1')).authentication?.symmetricKey?.primaryKey).toBe(derived);
  });

  it('refuses a wrong key as the service does (connection closed, amqp:unauthorized-access, the DPS error body) and records nothing', async () => {
    await individual('amqp-wrong');
    const error = await failure(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'amqp-wrong', hmacBase64(Buffer.from('not the key').toString('base64'), 'x'), t.ca, 'amqp'));
    expect(refusal(error)).toMatchObject({ condition: 'amqp:unauthorized-access', errorCode: 401002, message: expect.stringMatching(/no enrollment matches this registration id and key/) });
    expect((await failure(t.service.getDeviceRegistrationState('amqp-wrong'))).message).toMatch(/Not found/);
  });

  it('round-trips a payload through a custom allocation webhook, polling the operation while it decides', async () => {
    const created = (
      await t.service.createOrUpdateIndividualEnrollment({
        registrationId: 'amqp-payload',
        attestation: { type: 'symmetricKey' },
        allocationPolicy: 'custom',
        customAllocationDefinition: { webhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api/allocate`, apiVersion: '2019-03-31' },
      } as never)
    ).responseBody;
    const key = (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    const result = (await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'amqp-payload', key, t.ca, 'amqp', { model: 'thermostat' })) as RegistrationResult & { payload?: unknown };
    expect(webhookBodies.at(-1)).toMatchObject({ deviceRuntimeContext: { registrationId: 'amqp-payload', payload: { model: 'thermostat' } } });
    expect(result).toMatchObject({ status: 'assigned', payload: { echoed: { model: 'thermostat' } } });
  });

  it('registers X.509 devices by their TLS client certificate: individual and group, and refuses a stranger', async () => {
    const device = createCertificate({ commonName: 'amqp-x509', isCa: false, days: 30 });
    await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'amqp-x509', attestation: { type: 'x509', x509: { clientCertificates: { primary: { certificate: device.certificatePem } } } } } as never);
    const single = await registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'amqp-x509', { cert: device.certificatePem, key: device.privateKeyPem }, t.ca, 'amqp');
    expect(single.status).toBe('assigned');
    expect(((await hubDevice('amqp-x509')).authentication as { type?: string } | undefined)?.type).toBe('selfSigned');

    const root = createCertificate({ commonName: 'AMQP Fleet Root', isCa: true, days: 30 });
    await t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'amqp-fleet', attestation: { type: 'x509', x509: { signingCertificates: { primary: { certificate: root.certificatePem } } } } } as never);
    // The device presents leaf + intermediate in its TLS handshake; the group holds only the root.
    const intermediate = createCertificate({ commonName: 'AMQP Fleet Line', isCa: true, days: 30, issuer: { commonName: 'AMQP Fleet Root', publicKey: publicKeyOf(root.certificatePem) }, issuerKeyPem: root.privateKeyPem });
    const leaf = createCertificate({ commonName: 'amqp-fleet-1', isCa: false, days: 30, issuer: { commonName: 'AMQP Fleet Line', publicKey: publicKeyOf(intermediate.certificatePem) }, issuerKeyPem: intermediate.privateKeyPem });
    const member = await registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'amqp-fleet-1', { cert: leaf.certificatePem + intermediate.certificatePem, key: leaf.privateKeyPem }, t.ca, 'amqp');
    expect(member.status).toBe('assigned');
    expect(((await hubDevice('amqp-fleet-1')).authentication as { type?: string } | undefined)?.type).toBe('certificateAuthority');

    const stranger = createCertificate({ commonName: 'amqp-stranger', isCa: false, days: 30 });
    const error = await failure(registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'amqp-stranger', { cert: stranger.certificatePem, key: stranger.privateKeyPem }, t.ca, 'amqp'));
    expect(refusal(error)).toMatchObject({ condition: 'amqp:unauthorized-access', errorCode: 401002, message: expect.stringMatching(/no enrollment matches this registration id and client certificate/) });
  });

  it('refuses a disabled enrollment with the status the SDK reports, over AMQP as over MQTT', async () => {
    const key = await individual('amqp-disabled', { provisioningStatus: 'disabled' });
    const error = await failure(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'amqp-disabled', key, t.ca, 'amqp'));
    expect(error.message).toMatch(/status is disabled/);
  });
});

describe('DPS device registration over AMQP on WebSockets (AmqpWs)', () => {
  // AmqpWs dials <host>:443: the sandbox's own port is reached as `localhost`, with an agent that knows the port.
  const agent = () => webSocketAgent(t.ca, { port: portOf(t.sandbox.provisioningHost) });

  it('registers a symmetric-key device', async () => {
    const key = await individual('amqpws-sym');
    const result = await provisionOverAmqpWs('localhost', t.sandbox.idScope, 'amqpws-sym', key, t.ca, agent());
    expect(result).toMatchObject({ status: 'assigned', deviceId: 'amqpws-sym', assignedHub: t.sandbox.hubs[0]?.hostName });
  });

  it('registers an X.509 device, its client certificate forwarded from the TLS under the WebSocket', async () => {
    const device = createCertificate({ commonName: 'amqpws-x509', isCa: false, days: 30 });
    await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'amqpws-x509', attestation: { type: 'x509', x509: { clientCertificates: { primary: { certificate: device.certificatePem } } } } } as never);
    const security = new X509Security('amqpws-x509', { cert: device.certificatePem, key: device.privateKeyPem });
    const client = ProvisioningDeviceClient.create('localhost', t.sandbox.idScope, amqpTransport(t.ca, agent()), security as never);
    expect(await client.register()).toMatchObject({ status: 'assigned', deviceId: 'amqpws-x509' });
  });
});
