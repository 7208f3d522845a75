import { createHmac } from 'node:crypto';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacBase64 } from '../server/sas.ts';
import { registerWithKey, startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => t?.dispose());

/** The DPS service SAS from the sandbox's connection string, as the REST API takes it; a wrong key when asked. */
function serviceToken(key?: string): string {
  const field = (name: string) => new RegExp(`${name}=([^;]+)`).exec(t.sandbox.dpsConnectionString)?.[1] ?? '';
  const host = field('HostName');
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const sig = createHmac('sha256', Buffer.from(key ?? field('SharedAccessKey'), 'base64')).update(`${host}\n${expiry}`).digest('base64');
  return `SharedAccessSignature sr=${host}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=${field('SharedAccessKeyName')}`;
}

function stats(method = 'GET', authorization = serviceToken()): Promise<{ status: number; body: Record<string, unknown> }> {
  const at = t.sandbox.provisioningHost.lastIndexOf(':');
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: t.sandbox.provisioningHost.slice(0, at), port: Number(t.sandbox.provisioningHost.slice(at + 1)), method, path: '/sandbox/v1/stats', ca: t.ca, headers: { authorization } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const register = (id: string, key: string) => registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, id, key, t.ca).catch((error: Error) => error);

describe('sandbox-only GET /sandbox/v1/stats on the DPS', () => {
  it('counts enrollments, groups and registrations by status, as the SDK sees them', async () => {
    expect(await stats()).toEqual({ status: 200, body: { individualEnrollments: 0, enrollmentGroups: 0, registrations: { total: 0, assigned: 0, failed: 0, disabled: 0 } } });
    const individual = async (id: string, extra: Record<string, unknown> = {}) =>
      ((await t.service.createOrUpdateIndividualEnrollment({ registrationId: id, attestation: { type: 'symmetricKey' }, ...extra } as never)).responseBody.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    await register('stats-one', await individual('stats-one'));
    await register('stats-off', await individual('stats-off', { provisioningStatus: 'disabled' }));
    // A custom allocation webhook nobody listens on: the registration is stored as failed.
    await register('stats-lost', await individual('stats-lost', { allocationPolicy: 'custom', customAllocationDefinition: { webhookUrl: 'http://127.0.0.1:1/allocate', apiVersion: '2021-10-01' } }));
    await individual('stats-never');
    const group = (await t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'stats-group', attestation: { type: 'symmetricKey' } } as never)).responseBody;
    const groupKey = (group.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    await Promise.all(['stats-m1', 'stats-m2'].map((id) => register(id, hmacBase64(groupKey, id))));
    await t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'stats-empty', attestation: { type: 'symmetricKey' } } as never);

    expect(await stats()).toEqual({ status: 200, body: { individualEnrollments: 4, enrollmentGroups: 2, registrations: { total: 5, assigned: 3, failed: 1, disabled: 1 } } });
  });

  it('takes the DPS service SAS and nothing else, and only GET', async () => {
    expect((await stats('GET', serviceToken(Buffer.alloc(32, 7).toString('base64')))).status).toBe(401);
    expect((await stats('GET', '')).status).toBe(401);
    expect((await stats('POST')).status).toBe(405);
  });
});
