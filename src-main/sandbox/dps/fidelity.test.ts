import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndividualEnrollment } from 'azure-iot-provisioning-service/dist/interfaces.js';
import { registerWithKey, startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

/** Where the sandbox DPS used to differ from the service (issue 14's list), through the SDKs. One linked hub. */
let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ hubs: 1 });
});
afterAll(async () => t?.dispose());

const symmetric = (registrationId: string, extra: Record<string, unknown> = {}): IndividualEnrollment =>
  ({ registrationId, attestation: { type: 'symmetricKey' }, ...extra }) as IndividualEnrollment;

describe('DPS fidelity', () => {
  it('refuses a bulk request naming one registration id twice as a whole: 400, nothing written', async () => {
    // The SDK's bulk call only answers through its callback.
    const error = await new Promise<(Error & { responseBody?: string }) | undefined>((resolve) =>
      t.service.runBulkEnrollmentOperation({ mode: 'create', enrollments: [symmetric('dup-ok'), symmetric('dup-1'), symmetric('DUP-1')] } as never, (failure) => resolve(failure as never)),
    );
    expect(error?.constructor.name).toBe('ArgumentError');
    expect(JSON.parse(error?.responseBody ?? '{}')).toMatchObject({ errorCode: 400004, message: expect.stringMatching(/more than once/) });
    await expect(t.service.getIndividualEnrollment('dup-ok')).rejects.toThrow(/Not found/i);
  });

  it('allocates a static enrollment that names no hub to the one linked hub', async () => {
    const created = (await t.service.createOrUpdateIndividualEnrollment(symmetric('static-1', { allocationPolicy: 'static' }))).responseBody;
    const key = (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    const result = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'static-1', key, t.ca);
    expect(result.assignedHub).toBe(t.sandbox.hubs[0]?.hostName);
  });
});
