import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubRegistry, registerWithKey, startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

/** A local "Azure Function": each test decides how it answers; every request body is kept. */
type Answer = (body: Record<string, unknown>, res: http.ServerResponse) => void;
let answer: Answer = (_body, res) => res.writeHead(500).end();
const received: Record<string, unknown>[] = [];
const webhook = http.createServer((req, res) => {
  let text = '';
  req.on('data', (chunk: Buffer) => (text += chunk.toString()));
  req.on('end', () => {
    const body = JSON.parse(text) as Record<string, unknown>;
    received.push(body);
    answer(body, res);
  });
});

let t: TestSandbox;
let webhookUrl: string;
beforeAll(async () => {
  t = await startTestSandbox({ webhookTimeoutMs: 400 });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api/allocate?code=abc`;
});
afterAll(async () => {
  webhook.closeAllConnections();
  await new Promise((resolve) => webhook.close(resolve));
  await t?.dispose();
});

async function customEnrollment(registrationId: string): Promise<string> {
  const created = (
    await t.service.createOrUpdateIndividualEnrollment({
      registrationId,
      attestation: { type: 'symmetricKey' },
      allocationPolicy: 'custom',
      customAllocationDefinition: { webhookUrl, apiVersion: '2019-03-31' },
    } as never)
  ).responseBody;
  return (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
}

async function failure(promise: Promise<unknown>): Promise<Error & { result?: { registrationState?: { errorMessage?: string; errorCode?: number } } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the registration to fail');
}

describe('custom allocation webhook', () => {
  it('sends the Azure Function request and applies the hub, initial twin and payload it returns', async () => {
    const second = t.sandbox.hubs[1]?.hostName as string;
    answer = (_body, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ iotHubHostName: second, initialTwin: { tags: { chosenBy: 'webhook' } }, payload: { greeting: 'hello' } }));
    const key = await customEnrollment('custom-ok');
    const result = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'custom-ok', key, t.ca, 'mqtt', { firmware: '1.2' });
    expect(result).toMatchObject({ status: 'assigned', assignedHub: second, payload: { greeting: 'hello' } });
    const request = received.at(-1) as { individualEnrollment: { registrationId: string }; deviceRuntimeContext: Record<string, unknown>; linkedHubs: string[] };
    expect(request.individualEnrollment.registrationId).toBe('custom-ok');
    expect(request.individualEnrollment).toMatchObject({ attestation: { type: 'symmetricKey' } });
    expect(request.deviceRuntimeContext).toEqual({ registrationId: 'custom-ok', symmetricKey: {}, payload: { firmware: '1.2' } });
    expect(request.linkedHubs).toEqual(t.sandbox.hubs.map((hub) => hub.hostName));
    const twin = (await hubRegistry(t.sandbox.hubs[1]?.connectionString as string, t.ca).getTwin('custom-ok')).responseBody;
    expect(twin.tags).toMatchObject({ chosenBy: 'webhook' });
  });

  it('fails the registration with a readable message when the webhook answers an error status', async () => {
    answer = (_body, res) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('function crashed: NullReferenceException');
    const key = await customEnrollment('custom-500');
    const error = await failure(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'custom-500', key, t.ca, 'http'));
    expect(error.name).toBe('ProvisioningRegistrationFailedError');
    expect(error.result?.registrationState?.errorMessage).toMatch(/answered HTTP 500\.$/);
    expect(error.result?.registrationState?.errorMessage).not.toMatch(/function crashed|NullReference/);
    const state = (await t.service.getDeviceRegistrationState('custom-500')).responseBody;
    expect(state).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/HTTP 500/) });
  });

  it('fails the registration when the webhook does not answer in time', async () => {
    const hanging: http.ServerResponse[] = [];
    answer = (_body, res) => hanging.push(res);
    const key = await customEnrollment('custom-slow');
    const error = await failure(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'custom-slow', key, t.ca));
    expect(error.result?.registrationState?.errorMessage).toMatch(/did not answer within 400 ms/);
    for (const res of hanging) res.destroy();
  });

  it('fails the registration when the webhook picks a hub that is not linked', async () => {
    answer = (_body, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ iotHubHostName: 'rogue.azure-devices.net' }));
    const key = await customEnrollment('custom-rogue');
    const error = await failure(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'custom-rogue', key, t.ca));
    expect(error.result?.registrationState?.errorMessage).toMatch(/rogue\.azure-devices\.net.*not one of the linked hubs/);
  });

  it('never shows the webhook an individual enrollment\'s keys: DPS sends the attestation type only', async () => {
    answer = (body, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ iotHubHostName: (body.linkedHubs as string[])[0] }));
    const created = (await t.service.getIndividualEnrollment('custom-ok')).responseBody as unknown as { attestation: { symmetricKey: { primaryKey: string; secondaryKey: string } } };
    const { primaryKey, secondaryKey } = created.attestation.symmetricKey;
    await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'custom-ok', primaryKey, t.ca, 'http');
    const text = JSON.stringify(received.at(-1));
    expect(text).not.toContain(primaryKey);
    expect(text).not.toContain(secondaryKey);
    expect(text).not.toMatch(/primaryKey|secondaryKey|symmetricKey"\s*:\s*\{\s*"/);
    expect((received.at(-1) as { individualEnrollment: { attestation: unknown } }).individualEnrollment.attestation).toEqual({ type: 'symmetricKey' });
  });

  it('never shows the webhook a group key, from which every device key derives', async () => {
    answer = (body, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ iotHubHostName: (body.linkedHubs as string[])[0] }));
    const group = (
      await t.service.createOrUpdateEnrollmentGroup({
        enrollmentGroupId: 'custom-group',
        attestation: { type: 'symmetricKey' },
        allocationPolicy: 'custom',
        customAllocationDefinition: { webhookUrl, apiVersion: '2019-03-31' },
      } as never)
    ).responseBody as unknown as { attestation: { symmetricKey: { primaryKey: string; secondaryKey: string } } };
    const { primaryKey, secondaryKey } = group.attestation.symmetricKey;
    const deviceKey = createHmac('sha256', Buffer.from(primaryKey, 'base64')).update('group-member-1').digest('base64');
    const result = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'group-member-1', deviceKey, t.ca, 'mqtt');
    expect(result.status).toBe('assigned');
    const request = received.at(-1) as { enrollmentGroup: { enrollmentGroupId: string; attestation: unknown } };
    expect(request.enrollmentGroup.enrollmentGroupId).toBe('custom-group');
    expect(request.enrollmentGroup.attestation).toEqual({ type: 'symmetricKey' });
    const text = JSON.stringify(request);
    for (const secret of [primaryKey, secondaryKey, deviceKey]) expect(text).not.toContain(secret);
  });

  it('refuses an answer as soon as it passes the size cap, without waiting for its end', async () => {
    const open: http.ServerResponse[] = [];
    answer = (_body, res) => {
      // 200 KiB and then nothing: the connection stays open, so only a cap applied while reading can end this early.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`{"iotHubHostName":"${'x'.repeat(200 * 1024)}`);
      open.push(res);
    };
    const key = await customEnrollment('custom-huge');
    const error = await failure(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'custom-huge', key, t.ca, 'http'));
    expect(error.result?.registrationState?.errorMessage).toMatch(/larger than 64 KiB/);
    for (const res of open) res.destroy();
  });

  it('takes plain http only for literal loopback addresses and localhost, not any *.localhost name', async () => {
    const create = (registrationId: string, url: string) =>
      t.service.createOrUpdateIndividualEnrollment({
        registrationId,
        attestation: { type: 'symmetricKey' },
        allocationPolicy: 'custom',
        customAllocationDefinition: { webhookUrl: url, apiVersion: '2019-03-31' },
      } as never);
    for (const url of ['http://evil.localhost:7071/api/allocate', 'http://localhost.example.com/api', 'http://10.0.0.5/api', 'http://[::2]/api']) {
      const refused = await create('custom-remote', url).then(() => undefined, (e: Error) => e);
      expect(refused, url).toBeInstanceOf(Error);
      expect(String((refused as Error).message), url).toMatch(/https/);
    }
    for (const [i, url] of ['http://localhost:7071/api/allocate', 'http://127.0.0.2:7071/api', 'http://[::1]:7071/api'].entries()) {
      await expect(create(`custom-local-${i}`, url), url).resolves.toBeDefined();
    }
  });
});
