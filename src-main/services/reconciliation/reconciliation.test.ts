import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'azure-iothub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithKey, startTestSandbox, type TestSandbox } from '../../sandbox/dps/dps-test-clients.ts';
import { AzureClientFactory } from '../azure/client-factory.ts';
import { EventLog } from '../event-log/event-log.ts';
import { sandboxTarget } from '../profiles/profile-targets.ts';
import { ConsoleStore } from '../store/console-store.ts';
import { ReconciliationService } from './reconciliation-service.ts';

// A real sandbox (two hubs) set up to contain each mismatch, read and fixed through the SDKs.
let t: TestSandbox;
let factory: AzureClientFactory;
let dir: string;
let store: ConsoleStore;
let log: EventLog;
let service: ReconciliationService;
let hubs: string[];

beforeAll(async () => {
  t = await startTestSandbox();
  factory = new AzureClientFactory(await sandboxTarget(t.sandbox));
  hubs = factory.hubHosts();
  dir = mkdtempSync(join(tmpdir(), 'reconcile-'));
  store = new ConsoleStore(dir);
  log = new EventLog(store);
  service = new ReconciliationService({ activeId: async () => 'sandbox', useActive: (_operation, run) => run(factory), eventLog: log });
}, 60_000);

afterAll(async () => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
  await t?.dispose();
});

const registry = (hubHost: string): Registry => factory.registry(hubHost);

/** An individual symmetric-key enrollment whose device registered; returns the hub DPS chose. */
async function provisioned(registrationId: string): Promise<{ hub: string; key: string }> {
  const created = (await factory.provisioningService().createOrUpdateIndividualEnrollment({ registrationId, attestation: { type: 'symmetricKey' } } as never)).responseBody;
  const key = (created.attestation as unknown as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
  const state = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, registrationId, key, t.ca);
  return { hub: state.assignedHub, key };
}

async function findingFor(deviceId: string) {
  return (await service.scan()).findings.filter((f) => f.deviceId === deviceId);
}

describe('DPS ↔ hub reconciliation on the sandbox', () => {
  it('a registration whose hub device is missing: the fix deletes the record, and the device provisions again', async () => {
    const { hub, key } = await provisioned('rc-missing');
    await registry(hub).delete('rc-missing');
    const [finding] = await findingFor('rc-missing');
    expect(finding).toMatchObject({ kind: 'hub-device-missing', registrationId: 'rc-missing', hubHosts: [hub] });
    expect(await service.fix(finding!.id)).toMatchObject({ fixed: true });
    await expect(factory.provisioningService().getDeviceRegistrationState('rc-missing')).rejects.toThrow();
    expect(await findingFor('rc-missing')).toEqual([]);
    const again = await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'rc-missing', key, t.ca);
    expect((await registry(again.assignedHub).get('rc-missing')).responseBody.deviceId).toBe('rc-missing');
  });

  it('a hub device with no enrollment: the fix disables it', async () => {
    await registry(hubs[1]!).create({ deviceId: 'rc-orphan', status: 'enabled' } as never);
    const [finding] = await findingFor('rc-orphan');
    expect(finding).toMatchObject({ kind: 'no-enrollment', registrationId: null, hubHosts: [hubs[1]] });
    expect(await service.fix(finding!.id)).toMatchObject({ fixed: true });
    expect((await registry(hubs[1]!).get('rc-orphan')).responseBody.status).toBe('disabled');
    expect(await findingFor('rc-orphan')).toEqual([]);
  });

  it('an enrollment disabled while its hub device is enabled: the fix disables the device', async () => {
    const { hub } = await provisioned('rc-disabled');
    const dps = factory.provisioningService();
    const enrollment = (await dps.getIndividualEnrollment('rc-disabled')).responseBody;
    await dps.createOrUpdateIndividualEnrollment({ ...enrollment, provisioningStatus: 'disabled' });
    const [finding] = await findingFor('rc-disabled');
    expect(finding).toMatchObject({ kind: 'enrollment-disabled', registrationId: 'rc-disabled', hubHosts: [hub] });
    expect(await service.fix(finding!.id)).toMatchObject({ fixed: true });
    expect((await registry(hub).get('rc-disabled')).responseBody.status).toBe('disabled');
    expect(await findingFor('rc-disabled')).toEqual([]);
  });

  it('a device on two hubs: the fix keeps it where DPS assigned it and deletes the copy', async () => {
    const { hub } = await provisioned('rc-dup');
    const other = hubs.find((h) => h !== hub)!;
    await registry(other).create({ deviceId: 'rc-dup', status: 'enabled' } as never);
    const found = await findingFor('rc-dup');
    expect(found.map((f) => f.kind)).toEqual(['duplicate-across-hubs']);
    expect(found[0]!.fix).toContain(`keep it on ${hub}`);
    expect(await service.fix(found[0]!.id)).toMatchObject({ fixed: true });
    await expect(registry(other).get('rc-dup')).rejects.toThrow();
    expect((await registry(hub).get('rc-dup')).responseBody.deviceId).toBe('rc-dup');
    expect(await findingFor('rc-dup')).toEqual([]);
  });

  it('a fix for a finding that is gone changes nothing, and every applied fix is in the event log', async () => {
    expect(await service.fix('no-enrollment||ghost|hub')).toMatchObject({ fixed: false });
    const fixes = store.forProfile('sandbox').db.prepare(`SELECT json_extract(detail, '$.finding') AS finding FROM events ORDER BY id`).all() as Array<{ finding: string }>;
    expect(fixes.map((f) => f.finding)).toEqual(['hub-device-missing', 'no-enrollment', 'enrollment-disabled', 'duplicate-across-hubs']);
  });
});
