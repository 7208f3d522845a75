import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate, publicKeyOf } from '../server/certificates.ts';
import { hmacBase64 } from '../server/sas.ts';
import { SandboxDatabase } from '../store/database.ts';
import { openDpsStore, x509SigningCertificates } from './dps-store.ts';
import { hubRegistry, registerWithCertificate, registerWithKey, startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => t?.dispose());

async function individual(registrationId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = (await t.service.createOrUpdateIndividualEnrollment({ registrationId, attestation: { type: 'symmetricKey' }, ...extra } as never)).responseBody;
  return (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
}

async function hubDevice(hostName: string, deviceId: string) {
  const hub = t.sandbox.hubs.find((candidate) => candidate.hostName === hostName);
  if (!hub) throw new Error(`assigned to unknown hub ${hostName}`);
  return (await hubRegistry(hub.connectionString, t.ca).get(deviceId)).responseBody;
}

async function failure(promise: Promise<unknown>): Promise<Error & { result?: { registrationState?: { errorMessage?: string } } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the registration to fail');
}

describe('symmetric-key registration', () => {
  it.each(['mqtt', 'http'] as const)('registers an individual enrollment over %s and creates the hub device with its key', async (transport) => {
    const key = await individual(`sym-${transport}`, { deviceId: `device-${transport}`, capabilities: { iotEdge: true }, initialTwin: { tags: { floor: 3 } } });
    const result = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, `sym-${transport}`, key, t.ca, transport);
    expect(result).toMatchObject({ registrationId: `sym-${transport}`, deviceId: `device-${transport}`, status: 'assigned', substatus: 'initialAssignment' });
    expect(t.sandbox.hubs.map((hub) => hub.hostName)).toContain(result.assignedHub);
    const device = await hubDevice(result.assignedHub, `device-${transport}`);
    expect(device.authentication?.symmetricKey?.primaryKey).toBe(key);
    expect(device.capabilities?.iotEdge).toBe(true);
    const hub = t.sandbox.hubs.find((candidate) => candidate.hostName === result.assignedHub);
    expect((await hubRegistry(hub?.connectionString as string, t.ca).getTwin(`device-${transport}`)).responseBody.tags).toEqual({ floor: 3 });
    const state = (await t.service.getDeviceRegistrationState(`sym-${transport}`)).responseBody;
    expect(state).toMatchObject({ status: 'assigned', assignedHub: result.assignedHub, deviceId: `device-${transport}` });
    const stale = await failure(t.service.deleteDeviceRegistrationState(`sym-${transport}`, '"not-the-etag"'));
    expect(stale.constructor.name).toBe('InvalidEtagError');
    await t.service.deleteDeviceRegistrationState(`sym-${transport}`, state.etag as string);
    expect((await failure(t.service.getDeviceRegistrationState(`sym-${transport}`))).message).toMatch(/Not found/);
  });

  it('registers a group member with its derived key, and refuses a wrong derived key', async () => {
    const group = (await t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'sym-group', attestation: { type: 'symmetricKey' } } as never)).responseBody;
    const groupKey = (group.attestation as { symmetricKey: { primaryKey: string; secondaryKey: string } }).symmetricKey;
    const derived = hmacBase64(groupKey.secondaryKey, 'group-member-1');
    const result = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'group-member-1', derived, t.ca, 'mqtt', { model: 'thermostat' });
    expect(result.status).toBe('assigned');
    const device = await hubDevice(result.assignedHub, 'group-member-1');
    expect(device.authentication?.symmetricKey?.secondaryKey).toBe(derived);
    expect(device.authentication?.symmetricKey?.primaryKey).toBe(hmacBase64(groupKey.primaryKey, 'group-member-1'));
    const states = (await t.service.createEnrollmentGroupDeviceRegistrationStateQuery({ query: '*' }, 'sym-group').next()).responseBody as unknown as { registrationId: string }[];
    expect(states.map((state) => state.registrationId)).toEqual(['group-member-1']);

    const wrong = hmacBase64(groupKey.primaryKey, 'someone-else');
    for (const transport of ['mqtt', 'http'] as const) {
      const error = await failure(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'group-member-2', wrong, t.ca, transport));
      // MQTT: the CONNECT is refused (return code 5); HTTP: 401 → UnauthorizedError.
      expect(`${error.name}: ${error.message}`).toMatch(transport === 'mqtt' ? /Connection refused: Not authorized/ : /^UnauthorizedError/);
    }
    expect((await failure(t.service.getDeviceRegistrationState('group-member-2'))).message).toMatch(/Not found/);
  });

  it('refuses a disabled enrollment and a member of a disabled group', async () => {
    const key = await individual('sym-disabled', { provisioningStatus: 'disabled' });
    const error = await failure(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'sym-disabled', key, t.ca));
    expect(error.message).toMatch(/status is disabled/);
    const group = (await t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'off-group', attestation: { type: 'symmetricKey' }, provisioningStatus: 'disabled' } as never)).responseBody;
    const groupKey = (group.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    const groupError = await failure(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'off-member', hmacBase64(groupKey, 'off-member'), t.ca, 'http'));
    expect(groupError.message).toMatch(/status is disabled/);
    expect((await t.service.getDeviceRegistrationState('off-member')).responseBody.status).toBe('disabled');
  });

  it('re-provisions by policy: keep the hub when updateHubAssignment is off, reset or migrate the twin', async () => {
    const [first, second] = t.sandbox.hubs.map((hub) => hub.hostName) as [string, string];
    const key = await individual('repro-1', { allocationPolicy: 'static', iotHubHostName: first, reprovisionPolicy: { updateHubAssignment: false, migrateDeviceData: true } });
    expect((await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'repro-1', key, t.ca)).assignedHub).toBe(first);
    const current = (await t.service.getIndividualEnrollment('repro-1')).responseBody;
    await t.service.createOrUpdateIndividualEnrollment({ ...current, iotHubHostName: second });
    const kept = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'repro-1', key, t.ca);
    expect(kept).toMatchObject({ assignedHub: first, substatus: 'deviceDataMigrated' });

    const moved = (await t.service.getIndividualEnrollment('repro-1')).responseBody;
    await t.service.createOrUpdateIndividualEnrollment({ ...moved, reprovisionPolicy: { updateHubAssignment: true, migrateDeviceData: false } });
    const reset = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'repro-1', key, t.ca, 'http');
    expect(reset).toMatchObject({ assignedHub: second, substatus: 'deviceDataReset' });
    expect((await hubDevice(second, 'repro-1')).deviceId).toBe('repro-1');
  });

  it('spreads hashed allocation over both hubs and honours lowest latency and iotHubs', async () => {
    const hubsSeen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const key = await individual(`hash-${i}`);
      hubsSeen.add((await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, `hash-${i}`, key, t.ca)).assignedHub);
    }
    expect(hubsSeen.size).toBe(2);
    // No policy but a hub name: pinned to it (4 devices per hub, so hashing cannot pass by luck).
    for (const [h, hub] of t.sandbox.hubs.entries()) {
      for (let i = 0; i < 4; i++) {
        const pinnedKey = await individual(`pinned-${h}-${i}`, { iotHubHostName: hub.hostName });
        expect((await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, `pinned-${h}-${i}`, pinnedKey, t.ca, 'http')).assignedHub).toBe(hub.hostName);
      }
    }
    const second = t.sandbox.hubs[1]?.hostName as string;
    const key = await individual('only-second', { allocationPolicy: 'geoLatency', iotHubs: [second] });
    expect((await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'only-second', key, t.ca)).assignedHub).toBe(second);
  });
});

describe('X.509 registration over mutual TLS', () => {
  const rootCa = createCertificate({ commonName: 'Fleet Root', isCa: true, days: 30 });
  const intermediate = createCertificate({ commonName: 'Fleet Line 4', isCa: true, days: 30, issuer: { commonName: 'Fleet Root', publicKey: publicKeyOf(rootCa.certificatePem) }, issuerKeyPem: rootCa.privateKeyPem });

  it('registers an individual enrollment by its client certificate and refuses another certificate', async () => {
    const device = createCertificate({ commonName: 'x509-single', isCa: false, days: 30 });
    await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'x509-single', attestation: { type: 'x509', x509: { clientCertificates: { primary: { certificate: device.certificatePem } } } } } as never);
    const result = await registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'x509-single', { cert: device.certificatePem, key: device.privateKeyPem }, t.ca);
    expect(result.status).toBe('assigned');
    const hubDeviceRecord = await hubDevice(result.assignedHub, 'x509-single');
    expect((hubDeviceRecord.authentication as { type?: string } | undefined)?.type).toBe('selfSigned');
    const overHttp = await registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'x509-single', { cert: device.certificatePem, key: device.privateKeyPem }, t.ca, 'http');
    expect(overHttp).toMatchObject({ status: 'assigned', assignedHub: result.assignedHub });

    const impostor = createCertificate({ commonName: 'x509-single', isCa: false, days: 30 });
    const error = await failure(registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'x509-single', { cert: impostor.certificatePem, key: impostor.privateKeyPem }, t.ca));
    expect(error.message).toMatch(/Connection refused: Not authorized/);
  });

  it('registers a group member whose chain leads to the signing certificate', async () => {
    await t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'x509-fleet', attestation: { type: 'x509', x509: { signingCertificates: { primary: { certificate: rootCa.certificatePem } } } } } as never);
    const leaf = createCertificate({ commonName: 'fleet-device-7', isCa: false, days: 30, issuer: { commonName: 'Fleet Line 4', publicKey: publicKeyOf(intermediate.certificatePem) }, issuerKeyPem: intermediate.privateKeyPem });
    const chain = leaf.certificatePem + intermediate.certificatePem;
    const result = await registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'fleet-device-7', { cert: chain, key: leaf.privateKeyPem }, t.ca);
    expect(result.status).toBe('assigned');
    expect(((await hubDevice(result.assignedHub, 'fleet-device-7')).authentication as { type?: string } | undefined)?.type).toBe('certificateAuthority');
    const reader = new SandboxDatabase(join(t.dataDir, 'sandbox.db'));
    expect(x509SigningCertificates(openDpsStore(reader))).toEqual([new X509Certificate(rootCa.certificatePem).toString()]);
    reader.close();
    const states = (await t.service.createEnrollmentGroupDeviceRegistrationStateQuery({ query: '*' }, 'x509-fleet').next()).responseBody as unknown as { registrationId: string }[];
    expect(states.map((state) => state.registrationId)).toEqual(['fleet-device-7']);

    const stranger = createCertificate({ commonName: 'stranger', isCa: false, days: 30 });
    const error = await failure(registerWithCertificate(t.sandbox.provisioningHost, t.sandbox.idScope, 'stranger', { cert: stranger.certificatePem, key: stranger.privateKeyPem }, t.ca));
    expect(error.message).toMatch(/Connection refused: Not authorized/);
  });
});

describe('TPM', () => {
  it('answers a TPM registration attempt with the unsupported-mechanism error and a clear message', async () => {
    await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'tpm-device', attestation: { type: 'tpm', tpm: { endorsementKey: 'AToAAQALAAMAsgAgg3GXZ0SEs' } } } as never);
    const [host, port] = t.sandbox.provisioningHost.split(':');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = https.request(
        { host, port: Number(port), method: 'PUT', path: `/${t.sandbox.idScope}/registrations/tpm-device/register?api-version=2019-03-31`, ca: t.ca, headers: { 'Content-Type': 'application/json' } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ registrationId: 'tpm-device', tpm: { endorsementKey: 'AToAAQALAAMAsgAgg3GXZ0SEs', storageRootKey: 'ARQAAQALAAMAsgAgg3G' } }));
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ errorCode: 400209, message: expect.stringMatching(/TPM attestation is not supported by the Provisioning Bench sandbox/) });
  });
});
