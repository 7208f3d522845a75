import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSymmetricKey, keyFingerprint } from '../keys/device-key.ts';
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
});
