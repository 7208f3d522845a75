import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacBase64 } from '../server/sas.ts';
import { startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

/** The registration as a shell script on a Pi does it with curl: plain HTTPS, a SAS it signed itself. */
let t: TestSandbox;
let key: string;
beforeAll(async () => {
  t = await startTestSandbox({ hubs: 1 });
  const created = (await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'pi-1', attestation: { type: 'symmetricKey' } } as never)).responseBody;
  key = (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
});
afterAll(async () => t?.dispose());

function sas(registrationId: string, signingKey: string, lifetimeSeconds = 600): string {
  // As the docs' bash/Python samples do: URL-encode the resource, then sign that encoded string.
  const sr = encodeURIComponent(`${t.sandbox.idScope}/registrations/${registrationId}`);
  const se = Math.floor(Date.now() / 1000) + lifetimeSeconds;
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(hmacBase64(signingKey, `${sr}\n${se}`))}&se=${se}&skn=registration`;
}

function call(method: string, path: string, authorization: string, body?: string): Promise<{ status: number; headers: Record<string, unknown>; json: Record<string, unknown> }> {
  const [host, port] = t.sandbox.provisioningHost.split(':');
  return new Promise((resolve, reject) => {
    const req = https.request({ host, port: Number(port), method, path, ca: t.ca, headers: { Authorization: authorization, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text || '{}') as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('DPS device registration over plain HTTPS', () => {
  it('registers (202 + retry-after), reads the operation (200 assigned) and looks the registration up', async () => {
    const auth = sas('pi-1', key);
    const registered = await call('PUT', `/${t.sandbox.idScope}/registrations/pi-1/register?api-version=2021-06-01`, auth, JSON.stringify({ registrationId: 'pi-1', payload: { board: 'pi4' } }));
    expect(registered.status).toBe(202);
    expect(registered.headers['retry-after']).toBe('0');
    expect(registered.json).toMatchObject({ status: 'assigning', operationId: expect.stringMatching(/^4\./) });
    const operation = await call('GET', `/${t.sandbox.idScope}/registrations/pi-1/operations/${String(registered.json.operationId)}?api-version=2021-06-01`, auth);
    expect(operation.status).toBe(200);
    expect(operation.json).toMatchObject({ status: 'assigned', registrationState: { registrationId: 'pi-1', deviceId: 'pi-1', assignedHub: t.sandbox.hubs[0]?.hostName } });
    const lookup = await call('POST', `/${t.sandbox.idScope}/registrations/pi-1?api-version=2021-06-01`, auth, '{}');
    expect(lookup.json).toMatchObject({ registrationId: 'pi-1', status: 'assigned', assignedHub: t.sandbox.hubs[0]?.hostName });
  });

  it('refuses an expired token, a wrong key, another device\'s operation and an unknown scope', async () => {
    const expired = await call('PUT', `/${t.sandbox.idScope}/registrations/pi-1/register?api-version=2021-06-01`, sas('pi-1', key, -10), '{}');
    expect(expired.status).toBe(401);
    expect(expired.json.message).toMatch(/expired/);
    const wrong = await call('PUT', `/${t.sandbox.idScope}/registrations/pi-1/register?api-version=2021-06-01`, sas('pi-1', Buffer.alloc(32, 1).toString('base64')), '{}');
    expect(wrong.status).toBe(401);
    const registered = await call('PUT', `/${t.sandbox.idScope}/registrations/pi-1/register?api-version=2021-06-01`, sas('pi-1', key), '{}');
    const foreign = await call('GET', `/${t.sandbox.idScope}/registrations/pi-2/operations/${String(registered.json.operationId)}?api-version=2021-06-01`, sas('pi-1', key));
    expect(foreign.status).toBe(401);
    const scope = await call('PUT', `/0ne00000000/registrations/pi-1/register?api-version=2021-06-01`, sas('pi-1', key), '{}');
    expect(scope.status).toBe(401);
    const badId = await call('PUT', `/${t.sandbox.idScope}/registrations/PI_UPPER/register?api-version=2021-06-01`, sas('PI_UPPER', key), '{}');
    expect(badId.status).toBe(400);
    expect(badId.json.message).toMatch(/registrationId/);
  });
});
