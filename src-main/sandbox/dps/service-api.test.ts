import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndividualEnrollment } from 'azure-iot-provisioning-service/dist/interfaces.js';
import { hmacBase64 } from '../server/sas.ts';
import { provisioningServiceClient, startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => t?.dispose());

const symmetric = (registrationId: string, extra: Partial<IndividualEnrollment> = {}): IndividualEnrollment =>
  ({ registrationId, attestation: { type: 'symmetricKey' }, ...extra }) as IndividualEnrollment;

/**
 * The service SDK raises errors from its own nested azure-iot-common, so they are matched by
 * class name; the DPS error body is kept in `responseBody`.
 */
async function rejection(promise: Promise<unknown>): Promise<{ name: string; body: { errorCode?: number; message?: string } }> {
  try {
    await promise;
  } catch (error) {
    const failed = error as { constructor: { name: string }; responseBody?: string };
    return { name: failed.constructor.name, body: JSON.parse(failed.responseBody || '{}') as { errorCode?: number; message?: string } };
  }
  throw new Error('expected the call to fail');
}

/** A raw HTTPS call, for what the SDK never sends (bad api-version, broken JSON, bad tokens). */
function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const [host, port] = t.sandbox.provisioningHost.split(':');
  const key = /SharedAccessKey=([^;]+)/.exec(t.sandbox.dpsConnectionString)?.[1] ?? '';
  const se = Math.floor(Date.now() / 1000) + 600;
  const sr = t.sandbox.provisioningHost;
  const sas = `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(hmacBase64(key, `${sr}\n${se}`))}&se=${se}&skn=provisioningserviceowner`;
  return new Promise((resolve, reject) => {
    const req = https.request({ host, port: Number(port), method, path, ca: t.ca, headers: { Authorization: sas, 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('individual enrollments through ProvisioningServiceClient', () => {
  it('creates with service-generated keys, reads, replaces with the etag and deletes', async () => {
    const created = (await t.service.createOrUpdateIndividualEnrollment(symmetric('crud-1', { deviceId: 'crud-device', initialTwin: { tags: { site: 'a' } } } as never))).responseBody;
    expect(created.etag).toMatch(/^".+"$/);
    const keys = (created.attestation as { symmetricKey: { primaryKey: string; secondaryKey: string } }).symmetricKey;
    expect(Buffer.from(keys.primaryKey, 'base64').length).toBe(64);
    expect(keys.secondaryKey).not.toBe(keys.primaryKey);
    expect(created.provisioningStatus).toBe('enabled');

    const read = (await t.service.getIndividualEnrollment('crud-1')).responseBody;
    expect(read.deviceId).toBe('crud-device');
    expect(read.etag).toBe(created.etag);

    const replaced = (await t.service.createOrUpdateIndividualEnrollment({ ...read, provisioningStatus: 'disabled' })).responseBody;
    expect(replaced.provisioningStatus).toBe('disabled');
    expect(replaced.etag).not.toBe(read.etag);
    expect((replaced.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey).toBe(keys.primaryKey);

    await t.service.deleteIndividualEnrollment('crud-1', replaced.etag as string);
    expect((await rejection(t.service.getIndividualEnrollment('crud-1'))).body.errorCode).toBe(404201);
  });

  it('refuses a stale etag with InvalidEtagError (412) and a blind re-create with 409', async () => {
    const first = (await t.service.createOrUpdateIndividualEnrollment(symmetric('etag-1'))).responseBody;
    await t.service.createOrUpdateIndividualEnrollment({ ...first, provisioningStatus: 'disabled' });
    expect((await rejection(t.service.createOrUpdateIndividualEnrollment({ ...first, provisioningStatus: 'enabled' }))).name).toBe('InvalidEtagError');
    expect((await rejection(t.service.deleteIndividualEnrollment('etag-1', first.etag as string))).name).toBe('InvalidEtagError');
    expect((await rejection(t.service.createOrUpdateIndividualEnrollment(symmetric('etag-1')))).name).toBe('DeviceAlreadyExistsError');
    const current = (await t.service.getIndividualEnrollment('etag-1')).responseBody;
    expect(current.provisioningStatus).toBe('disabled');
  });

  it('answers not found for unknown ids in the service error shape', async () => {
    expect((await rejection(t.service.getIndividualEnrollment('nobody-here'))).body.errorCode).toBe(404201);
    const answer = await raw('GET', '/enrollments/nobody-here?api-version=2021-10-01');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({ errorCode: 404201, message: expect.stringContaining('nobody-here') });
  });

  it('validates registration ids and every field with a 400 naming it', async () => {
    expect((await rejection(t.service.createOrUpdateIndividualEnrollment(symmetric('Upper-Case')))).name).toBe('ArgumentError');
    const bad = await raw('PUT', '/enrollments/has%20space?api-version=2021-10-01', JSON.stringify({ registrationId: 'has space', attestation: { type: 'symmetricKey' } }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).message).toMatch(/registrationId/);
    const badHub = await raw('PUT', '/enrollments/static-x?api-version=2021-10-01', JSON.stringify({ registrationId: 'static-x', attestation: { type: 'symmetricKey' }, allocationPolicy: 'static', iotHubHostName: 'elsewhere.azure-devices.net' }));
    expect(badHub.status).toBe(400);
    expect(JSON.parse(badHub.body).message).toMatch(/iotHubHostName.*not a linked IoT hub/);
    const badKey = await raw('PUT', '/enrollments/key-x?api-version=2021-10-01', JSON.stringify({ registrationId: 'key-x', attestation: { type: 'symmetricKey', symmetricKey: { primaryKey: 'not base64!' } } }));
    expect(JSON.parse(badKey.body).message).toMatch(/primaryKey/);
    const webhook = await raw('PUT', '/enrollments/hook-x?api-version=2021-10-01', JSON.stringify({ registrationId: 'hook-x', attestation: { type: 'symmetricKey' }, allocationPolicy: 'custom', customAllocationDefinition: { webhookUrl: 'http://example.com/fn' } }));
    expect(JSON.parse(webhook.body).message).toMatch(/https/);
  });

  it('answers garbage api-versions, broken JSON and bad tokens without storing anything', async () => {
    const version = await raw('GET', '/enrollments/x?api-version=banana');
    expect(version.status).toBe(400);
    expect(JSON.parse(version.body).message).toMatch(/api-version 'banana' is not supported/);
    expect((await raw('GET', '/enrollments/x')).status).toBe(400);
    const broken = await raw('PUT', '/enrollments/broken-1?api-version=2021-10-01', '{"registrationId": "broken-1", "attestation": ');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).message).toMatch(/not valid JSON/);
    const unauthorized = await raw('GET', '/enrollments/x?api-version=2021-10-01', undefined, { Authorization: 'SharedAccessSignature sr=x&sig=abc&se=1&skn=provisioningserviceowner' });
    expect(unauthorized.status).toBe(401);
    const wrongKey = provisioningServiceClient(t.sandbox.dpsConnectionString.replace(/SharedAccessKey=[^;]+/, `SharedAccessKey=${Buffer.alloc(32, 7).toString('base64')}`), t.ca);
    expect((await rejection(wrongKey.getIndividualEnrollment('x'))).name).toBe('UnauthorizedError');
    expect((await rejection(t.service.getIndividualEnrollment('broken-1'))).body.errorCode).toBe(404201);
  });
});

describe('enrollment groups, queries, bulk and attestation reads', () => {
  it('creates, reads (lower-case path too) and deletes a symmetric-key group', async () => {
    const group = (await t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'group-crud', attestation: { type: 'symmetricKey' } } as never)).responseBody;
    const mechanism = (await t.service.getEnrollmentGroupAttestationMechanism('group-crud')).responseBody as { symmetricKey: { primaryKey: string } };
    expect(mechanism.symmetricKey.primaryKey).toBe((group.attestation as typeof mechanism).symmetricKey.primaryKey);
    expect((await raw('GET', '/enrollmentgroups/group-crud?api-version=2021-10-01')).status).toBe(200);
    const tpmGroup = await rejection(t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'group-tpm', attestation: { type: 'tpm', tpm: { endorsementKey: 'AA==' } } } as never));
    expect(tpmGroup.name).toBe('ArgumentError');
    expect(tpmGroup.body.message).toMatch(/TPM attestation is not supported for enrollment groups/);
    await t.service.deleteEnrollmentGroup('group-crud');
    expect((await rejection(t.service.getEnrollmentGroup('group-crud'))).body.errorCode).toBe(404202);
  });

  it('pages a query with x-ms-max-item-count and the continuation token', async () => {
    for (let i = 0; i < 7; i++) await t.service.createOrUpdateIndividualEnrollment(symmetric(`page-${i}`));
    const query = t.service.createIndividualEnrollmentQuery({ query: '*' }, 3);
    const seen: string[] = [];
    let pages = 0;
    let token: string | undefined;
    do {
      // azure-wire.md §6: next() without the token refetches page one forever.
      const page = token === undefined ? await query.next() : await query.next(token);
      seen.push(...(page.responseBody as unknown as { registrationId: string }[]).map((e) => e.registrationId));
      token = query.hasMoreResults ? query.continuationToken : undefined;
      pages++;
    } while (token && pages < 20);
    const pageIds = seen.filter((id) => id.startsWith('page-'));
    expect(pageIds).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThan(2);
  });

  it('runs bulk create, update and delete with per-item errors (callback form)', async () => {
    const bulk = (operation: unknown) =>
      new Promise<{ isSuccessful: boolean; errors: { registrationId: string; errorCode: number; errorStatus: string }[] }>((resolve, reject) =>
        t.service.runBulkEnrollmentOperation(operation as never, (error, result) => (error ? reject(error) : resolve(result as never))),
      );
    const created = await bulk({ mode: 'create', enrollments: [symmetric('bulk-1'), symmetric('bulk-2'), symmetric('BAD ID')] });
    expect(created.isSuccessful).toBe(false);
    expect(created.errors).toEqual([{ registrationId: 'BAD ID', errorCode: 400004, errorStatus: expect.stringMatching(/registrationId/) }]);
    const again = await bulk({ mode: 'create', enrollments: [symmetric('bulk-1')] });
    expect(again.errors[0]).toMatchObject({ registrationId: 'bulk-1', errorCode: 409201 });
    const stale = await bulk({ mode: 'updateIfMatchEtag', enrollments: [{ ...symmetric('bulk-2'), etag: '"stale"' }] });
    expect(stale.errors[0]).toMatchObject({ registrationId: 'bulk-2', errorCode: 412002 });
    expect((await bulk({ mode: 'update', enrollments: [symmetric('bulk-2', { provisioningStatus: 'disabled' } as never)] })).isSuccessful).toBe(true);
    expect((await t.service.getIndividualEnrollment('bulk-2')).responseBody.provisioningStatus).toBe('disabled');
    const deleted = await bulk({ mode: 'delete', enrollments: [symmetric('bulk-1'), symmetric('bulk-missing')] });
    expect(deleted.errors).toEqual([expect.objectContaining({ registrationId: 'bulk-missing', errorCode: 404201 })]);
    expect((await rejection(t.service.getIndividualEnrollment('bulk-1'))).body.errorCode).toBe(404201);
  });

  it('stores and lists TPM enrollments and reads their attestation mechanism', async () => {
    await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'tpm-1', attestation: { type: 'tpm', tpm: { endorsementKey: 'AToAAQALAAMAsgAgg3GXZ0SEs/gakMyNRqXXJP1S124GUgtk8qHaGzMUaaoABgCAAEMAEAgAAAAAAAEA' } } } as never);
    const mechanism = (await t.service.getIndividualEnrollmentAttestationMechanism('tpm-1')).responseBody as { type: string; tpm: { endorsementKey: string } };
    expect(mechanism.type).toBe('tpm');
    expect(mechanism.tpm.endorsementKey).toMatch(/^AToA/);
  });
});
