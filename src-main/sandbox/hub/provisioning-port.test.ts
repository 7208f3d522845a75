import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { GroupCommit } from '../store/group-commit.ts';
import type { TestHub } from './test-support.ts';
import { startTestHub } from './test-support.ts';
import { openEventStream } from './test-requests.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t.close();
});

const sas = () => ({ type: 'sas' as const, primaryKey: randomBytes(32).toString('base64'), secondaryKey: randomBytes(32).toString('base64') });

describe('the DPS → hub provisioning port', () => {
  it('creates a device with the proven key and the initial twin, and the device can connect with it', async () => {
    const auth = sas();
    const port = t.hub.provisioning;
    expect(port.hostName).toBe(t.hostName);
    expect(port.hasDevice('pp-1')).toBe(false);
    port.provisionDevice({ deviceId: 'pp-1', authentication: auth, iotEdge: true, initialTwin: { tags: { line: 'A' }, properties: { desired: { rate: 5 } } }, twinMode: 'create' });
    expect(port.hasDevice('pp-1')).toBe(true);
    const twin = (await t.registry().getTwin('pp-1')).responseBody;
    expect(twin.tags).toEqual({ line: 'A' });
    expect(twin.properties.desired.rate).toBe(5);
    expect((twin as unknown as { capabilities: { iotEdge: boolean } }).capabilities.iotEdge).toBe(true);
    const client = await t.deviceClient('pp-1', auth.primaryKey);
    await client.open();
    await client.close();
  });

  it('keeps the twin on migrate, replaces it on reset, and refreshes the key either way', async () => {
    const port = t.hub.provisioning;
    port.provisionDevice({ deviceId: 'pp-2', authentication: sas(), iotEdge: false, initialTwin: { tags: { v: 1 } }, twinMode: 'create' });
    await t.registry().updateTwin('pp-2', { tags: { extra: true } }, '*');
    const migrated = sas();
    port.provisionDevice({ deviceId: 'pp-2', authentication: migrated, iotEdge: false, initialTwin: { tags: { v: 2 } }, twinMode: 'migrate' });
    expect((await t.registry().getTwin('pp-2')).responseBody.tags).toEqual({ v: 1, extra: true });
    expect((await t.registry().get('pp-2')).responseBody.authentication?.symmetricKey?.primaryKey).toBe(migrated.primaryKey);
    port.provisionDevice({ deviceId: 'pp-2', authentication: sas(), iotEdge: false, initialTwin: { tags: { v: 3 } }, twinMode: 'reset' });
    expect((await t.registry().getTwin('pp-2')).responseBody.tags).toEqual({ v: 3 });
  });

  it('joins the caller transaction: a DPS rollback leaves no hub device', () => {
    expect(() =>
      t.db.transaction(() => {
        t.hub.provisioning.provisionDevice({ deviceId: 'pp-3', authentication: sas(), iotEdge: false, initialTwin: null, twinMode: 'create' });
        throw new Error('DPS failed after assigning');
      }),
    ).toThrow('DPS failed');
    expect(t.hub.provisioning.hasDevice('pp-3')).toBe(false);
  });

  it('announces a provisioned device only once its transaction commits, and never after a rollback', async () => {
    const stream = openEventStream(t);
    await stream.ready;
    const port = t.hub.provisioning;
    expect(() =>
      t.db.transaction(() => {
        port.provisionDevice({ deviceId: 'pp-ev-rolled', authentication: sas(), iotEdge: false, initialTwin: null, twinMode: 'create' });
        throw new Error('DPS failed after assigning');
      }),
    ).toThrow('DPS failed');
    // Group commit: one registration's savepoint rolls back, its neighbour in the batch commits.
    const batch = new GroupCommit(t.db);
    const rolledBack = batch.run(() => {
      port.provisionDevice({ deviceId: 'pp-ev-savepoint', authentication: sas(), iotEdge: false, initialTwin: null, twinMode: 'create' });
      throw new Error('registration record failed');
    });
    const committed = batch.run(() => port.provisionDevice({ deviceId: 'pp-ev-kept', authentication: sas(), iotEdge: false, initialTwin: { tags: { a: 1 } }, twinMode: 'create' }));
    await expect(rolledBack).rejects.toThrow('registration record failed');
    await committed;
    expect(port.hasDevice('pp-ev-savepoint')).toBe(false);
    // A marker written after everything above: once it arrives, every earlier event has too.
    await t.registry().create({ deviceId: 'pp-ev-marker' });
    await stream.next((e) => e.type === 'deviceCreated' && e.deviceId === 'pp-ev-marker');
    stream.close();
    const about = (id: string) => stream.seen.filter((e) => 'deviceId' in e && e.deviceId === id).map((e) => e.type);
    expect(about('pp-ev-rolled')).toEqual([]);
    expect(about('pp-ev-savepoint')).toEqual([]);
    expect(about('pp-ev-kept')).toEqual(['deviceCreated']);
  });

  it('hands over a twin for migration and removes a moved device only when the DPS transaction commits', async () => {
    const port = t.hub.provisioning;
    port.provisionDevice({ deviceId: 'pp-move', authentication: sas(), iotEdge: false, initialTwin: { tags: { v: 1 }, properties: { desired: { rate: 2 } } }, twinMode: 'create' });
    const twin = port.readTwinForMigration('pp-move');
    expect(twin).toMatchObject({ tags: { v: 1 }, desired: { rate: 2 }, reported: {}, desiredVersion: 2 });
    expect(port.readTwinForMigration('pp-nowhere')).toBeNull();
    expect(() =>
      t.db.transaction(() => {
        port.removeDevice('pp-move');
        throw new Error('DPS failed after moving');
      }),
    ).toThrow('DPS failed');
    expect(port.hasDevice('pp-move')).toBe(true);
    // Arriving with a migrated twin replaces what the hub held and what the initial twin says.
    port.provisionDevice({ deviceId: 'pp-move', authentication: sas(), iotEdge: false, initialTwin: { tags: { v: 9 } }, twinMode: 'migrate', migratedTwin: { ...twin!, tags: { carried: true } } });
    expect((await t.registry().getTwin('pp-move')).responseBody.tags).toEqual({ carried: true });
    expect(t.db.transaction(() => port.removeDevice('pp-move'))).toBe(true);
    expect(port.removeDevice('pp-move')).toBe(false);
  });

  it('throws on an invalid device id or initial twin, so DPS can fail the registration', () => {
    expect(() => t.hub.provisioning.provisionDevice({ deviceId: 'bad id', authentication: sas(), iotEdge: false, initialTwin: null, twinMode: 'create' })).toThrow();
    expect(() =>
      t.hub.provisioning.provisionDevice({ deviceId: 'pp-4', authentication: sas(), iotEdge: false, initialTwin: { tags: { 'a.b': 1 } }, twinMode: 'create' }),
    ).toThrow();
    expect(t.hub.provisioning.hasDevice('pp-4')).toBe(false);
  });
});
