import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveDeviceKey, generateSymmetricKey, keyFingerprint } from '../keys/device-key.ts';
import { startEnrollmentsHarness, TEST_PROFILE, type EnrollmentsHarness } from './enrollments-test-support.ts';

let h: EnrollmentsHarness;

beforeAll(async () => {
  h = await startEnrollmentsHarness();
}, 60_000);

afterAll(async () => {
  await h?.dispose();
});

const symmetric = (id: string, extra: Record<string, unknown> = {}) => ({ kind: 'individual' as const, id, attestation: { type: 'symmetricKey' as const }, ...extra });

describe('enrollments against the sandbox', () => {
  it('creates an individual enrollment with service-generated keys; the view, index, store and event log hold no key', async () => {
    const saved = await h.service.save(symmetric('crud-one', { initialTwin: { tags: { serialNumber: 'SN-1', customer: 'Contoso', model: 'M1' }, desired: {} } }));
    expect(saved.outcome).toBe('saved');
    if (saved.outcome !== 'saved') return;
    const { responseBody } = await h.dps.service.getIndividualEnrollment('crud-one');
    const key = responseBody.attestation.symmetricKey!.primaryKey;
    expect(saved.enrollment.attestation.primaryKeyFingerprint).toBe(keyFingerprint(key));
    expect(JSON.stringify(saved.enrollment)).not.toContain(key);
    const page = await h.service.list({ kind: 'individual', search: 'crud-o' });
    expect(page.rows.map((r) => [r.id, r.serialNumber, r.customer, r.model, r.attestation])).toEqual([['crud-one', 'SN-1', 'Contoso', 'M1', 'symmetricKey']]);
    expect(h.eventLog.forDevice(TEST_PROFILE, 'crud-one').map((e) => e.kind)).toEqual(['enrolled']);
    const db = h.store.forProfile(TEST_PROFILE);
    db.db.exec('PRAGMA wal_checkpoint(FULL)');
    expect(readFileSync(db.path).includes(Buffer.from(key))).toBe(false);
  });

  it('names each wrong field of a form and creates nothing', async () => {
    const bad = symmetric('Bad Id!', { deviceId: 'has space', allocationPolicy: 'static', attestation: { type: 'symmetricKey', primaryKey: 'short' } });
    await expect(h.service.save(bad)).rejects.toMatchObject({
      code: 'validation',
      details: expect.arrayContaining([
        expect.objectContaining({ path: 'id' }),
        expect.objectContaining({ path: 'deviceId' }),
        expect.objectContaining({ path: 'attestation.primaryKey' }),
        expect.objectContaining({ path: 'iotHubHostName' }),
      ]),
    });
    await expect(h.service.save(symmetric('crud-one'))).rejects.toMatchObject({ code: 'conflict', details: [expect.objectContaining({ path: 'id' })] });
  });

  it('a save over a newer version comes back as a conflict that lists what changed; overwriting with the new etag succeeds', async () => {
    const loaded = await h.service.get('individual', 'crud-one');
    const outside = (await h.dps.service.getIndividualEnrollment('crud-one')).responseBody;
    outside.provisioningStatus = 'disabled';
    await h.dps.service.createOrUpdateIndividualEnrollment(outside);
    const form = symmetric('crud-one', { etag: loaded.etag!, initialTwin: { tags: { ...loaded.initialTwin.tags, customer: 'Fabrikam' }, desired: {} } });
    const conflict = await h.service.save(form, loaded);
    expect(conflict.outcome).toBe('conflict');
    if (conflict.outcome !== 'conflict') return;
    expect(conflict.changes).toEqual([{ field: 'status', loaded: 'enabled', current: 'disabled' }]);
    const overwritten = await h.service.save({ ...form, etag: conflict.current.etag! }, conflict.current);
    expect(overwritten.outcome).toBe('saved');
    const row = (await h.service.list({ kind: 'individual', search: 'crud-one' })).rows[0];
    expect(row?.customer).toBe('Fabrikam');
    // The keys the service held survive an edit that did not touch them.
    expect(overwritten.outcome === 'saved' && overwritten.enrollment.attestation.primaryKeyFingerprint).toBe(loaded.attestation.primaryKeyFingerprint);
  });

  it('creates a group with provided keys, derives a device key, lists the device after it registers, deletes its registration', async () => {
    const primaryKey = generateSymmetricKey();
    const saved = await h.service.save({ kind: 'group', id: 'Crud-Group', attestation: { type: 'symmetricKey', primaryKey, secondaryKey: generateSymmetricKey() } });
    expect(saved.outcome).toBe('saved');
    const derived = await h.service.keys.derive(TEST_PROFILE, 'Crud-Group', 'group-dev-1', false);
    expect(derived.key).toBeNull();
    const revealed = await h.service.keys.derive(TEST_PROFILE, 'Crud-Group', 'group-dev-1', true);
    expect(revealed.fingerprint).toBe(derived.fingerprint);
    const { sandbox, ca } = h.dps;
    await import('../../sandbox/dps/dps-test-clients.ts').then((m) => m.registerWithKey(sandbox.provisioningHost, sandbox.idScope, 'group-dev-1', revealed.key!, ca));
    const regs = await h.service.registrations.forGroup(TEST_PROFILE, 'Crud-Group', null);
    expect(regs.items.map((r) => [r.registrationId, r.status])).toEqual([['group-dev-1', 'assigned']]);
    expect(regs.items[0]!.assignedHub).toMatch(/127\.0\.0\.1:\d+/);
    await h.service.registrations.delete(TEST_PROFILE, 'group-dev-1');
    expect(await h.service.registrations.get(TEST_PROFILE, 'group-dev-1')).toBeNull();
    const revealEvents = h.eventLog.forDevice(TEST_PROFILE, 'group-dev-1').filter((e) => e.kind === 'keys-revealed');
    expect(revealEvents).toHaveLength(1);
    expect(JSON.stringify(revealEvents)).not.toContain(revealed.key!);
  });

  it('catches up with enrollments added and deleted outside the console without dropping the rows it has', async () => {
    await h.service.sync.refresh(TEST_PROFILE, 'individual');
    for (const id of ['outside-a', 'outside-b']) await h.dps.service.createOrUpdateIndividualEnrollment({ registrationId: id, attestation: { type: 'symmetricKey' } } as never);
    await h.dps.service.deleteIndividualEnrollment('crud-one');
    const before = await h.service.list({ kind: 'individual' });
    expect(before.rows.map((r) => r.id)).toContain('crud-one');
    const pass = await h.service.sync.refresh(TEST_PROFILE, 'individual');
    expect(pass.removed).toBe(1);
    const after = await h.service.list({ kind: 'individual', sort: { field: 'id', direction: 'desc' } });
    expect(after.rows.map((r) => r.id)).toEqual(['outside-b', 'outside-a']);
    expect(after.freshness).toMatchObject({ state: 'complete', filling: false });
  });

  it('enables, disables and deletes in bulk with one result per row', async () => {
    const disabled = await h.service.bulk('individual', 'disable', ['outside-a', 'missing-one']);
    expect(disabled.results.map((r) => [r.id, r.ok])).toEqual([['outside-a', true], ['missing-one', false]]);
    expect((await h.service.list({ kind: 'individual', filters: { status: 'disabled' } })).rows.map((r) => r.id)).toEqual(['outside-a']);
    const deleted = await h.service.bulk('individual', 'delete', ['outside-a', 'outside-b']);
    expect(deleted.results.every((r) => r.ok)).toBe(true);
    expect((await h.service.list({ kind: 'individual' })).total).toBe(0);
    expect(h.eventLog.forDevice(TEST_PROFILE, 'outside-b').map((e) => e.kind)).toEqual(['enrollment-deleted']);
  });

  it('exports cards only as asked, records the export without the key; labels and the overview carry no key', async () => {
    await h.service.save(symmetric('card-dev'));
    const key = (await h.dps.service.getIndividualEnrollment('card-dev')).responseBody.attestation.symmetricKey!.primaryKey;
    const groupKey = (await h.dps.service.getEnrollmentGroup('Crud-Group')).responseBody.attestation.symmetricKey!.primaryKey;
    const csv = await h.service.keys.exportCards(TEST_PROFILE, [{ registrationId: 'card-dev' }, { registrationId: 'group-dev-2', groupId: 'Crud-Group' }], 'csv');
    const lines = csv.content.trim().split('\r\n');
    expect(lines[0]).toBe('idScope,globalEndpoint,registrationId,primaryKey');
    expect(lines[1]).toBe(`${h.dps.sandbox.idScope},${h.dps.sandbox.provisioningHost},card-dev,${key}`);
    expect(lines[2]).toBe(`${h.dps.sandbox.idScope},${h.dps.sandbox.provisioningHost},group-dev-2,${deriveDeviceKey(groupKey, 'group-dev-2')}`);
    const mail = await h.service.keys.exportCards(TEST_PROFILE, [{ registrationId: 'card-dev' }], 'mail');
    expect(mail.content).toContain(`Device key:       ${key}`);
    const exported = h.eventLog.forDevice(TEST_PROFILE, 'card-dev').filter((e) => e.kind === 'keys-exported');
    expect(exported.map((e) => e.detail.format)).toEqual(['csv', 'mail']);
    expect(exported[0]!.detail.fingerprint).toBe(keyFingerprint(key));
    expect(JSON.stringify(exported)).not.toContain(key);
    const [label] = await h.service.keys.labels(['card-dev']);
    expect(label!.svg).toMatch(/^<svg/);
    expect(label!.svg).not.toContain(key);
    h.service.overview.setPrice(TEST_PROFILE, 0.1);
    const overview = await h.service.overview.get(TEST_PROFILE);
    expect(overview).toMatchObject({ kind: 'sandbox', idScope: h.dps.sandbox.idScope, pricePer1000: 0.1 });
    expect(overview.linkedHubs.map((hub) => hub.host)).toEqual(h.dps.sandbox.hubs.map((hub) => hub.hostName));
    expect(overview.operations.today).toBeGreaterThan(10);
    expect(overview.estimatedCost.today).toBeCloseTo((overview.operations.today / 1000) * 0.1, 4);
    expect(JSON.stringify(overview)).not.toContain(key);
  });

  it('a pass cut short after its first page carries on from the saved continuation, keeping the rows it had', async () => {
    const enrollments = Array.from({ length: 150 }, (_, i) => ({ registrationId: `page-${String(i).padStart(3, '0')}`, attestation: { type: 'symmetricKey' } }));
    await new Promise<void>((resolve, reject) => h.dps.service.runBulkEnrollmentOperation({ mode: 'create', enrollments } as never, (e) => (e ? reject(e) : resolve())));
    h.store.forProfile(TEST_PROFILE).db.exec("DELETE FROM enrollment_index; DELETE FROM enrollment_index_sync");
    let reads = 0;
    h.beforeRun = (what) => {
      if (what === 'reading enrollments' && ++reads === 2) throw new Error('network dropped');
    };
    await expect(h.service.sync.refresh(TEST_PROFILE, 'individual')).rejects.toThrow('reading enrollments');
    expect(h.service.index.count(TEST_PROFILE, 'individual')).toBe(100);
    expect(h.service.index.sync(TEST_PROFILE, 'individual')).toMatchObject({ state: 'filling', seen: 100 });
    reads = 0;
    h.beforeRun = (what) => void (what === 'reading enrollments' && reads++);
    const pass = await h.service.sync.refresh(TEST_PROFILE, 'individual');
    h.beforeRun = null;
    expect(reads).toBe(1);
    expect(pass).toMatchObject({ state: 'complete', seen: 151, rows: 151, removed: 0 });
  });
});
