import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigitalTwinsClient } from '@azure/digital-twins-core';
import { startTestSandbox } from '../dps/dps-test-clients.ts';
import type { TestSandbox } from '../dps/dps-test-clients.ts';
import { createSandbox } from '../sandbox.ts';
import { all, sandboxTwinsClient, seedModels, SPACE, THERMOSTAT } from './adt-test-support.ts';

let t: TestSandbox;
let client: DigitalTwinsClient;

/** The RestError the SDK raises, reduced to what an operator would read. */
async function failure(promise: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { statusCode?: number; code?: string; message: string };
    return { statusCode: e.statusCode, code: e.code, message: e.message };
  }
  throw new Error('expected the call to fail');
}

const thermostat = (regId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ $metadata: { $model: THERMOSTAT }, HubRegistrationId: regId, ...extra });

beforeAll(async () => {
  t = await startTestSandbox({ hubs: 1 });
  client = sandboxTwinsClient(t.sandbox, t.ca);
  await client.createModels(seedModels());
});
afterAll(async () => t?.dispose());

describe('ADT models through @azure/digital-twins-core', () => {
  it('lists, gets with and without the definition, refuses a duplicate and an unknown reference', async () => {
    const listed = await all(client.listModels(undefined, false));
    expect(listed.map((m) => m.id).sort()).toEqual([SPACE, THERMOSTAT]);
    expect(listed[0]?.model).toBeUndefined();
    const full = await client.getModel(THERMOSTAT, true);
    expect(full.displayName).toMatchObject({ en: 'Thermostat' });
    expect((full.model as { contents: unknown[] }).contents.length).toBeGreaterThan(3);
    expect(full.uploadTime).toBeInstanceOf(Date);
    expect(await failure(client.createModels([seedModels()[0] as object]))).toMatchObject({ statusCode: 409, code: 'ModelAlreadyExists' });
    expect(await failure(client.getModel('dtmi:example:Nothing;1'))).toMatchObject({ statusCode: 404, code: 'ModelNotFound' });
    const orphan = { '@id': 'dtmi:example:Child;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', extends: 'dtmi:example:Missing;1' };
    expect(await failure(client.createModels([orphan]))).toMatchObject({ statusCode: 400, code: 'DTDLParserError' });
    const badName = { '@id': 'dtmi:example:Bad;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', contents: [{ '@type': 'Property', name: '9x', schema: 'string' }] };
    expect(await failure(client.createModels([badName]))).toMatchObject({ statusCode: 400, code: 'DTDLParserError' });
  });

  it('decommissions (no new twins of it) and deletes a model, refusing one that another extends', async () => {
    const base = { '@id': 'dtmi:example:Base;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', contents: [{ '@type': 'Property', name: 'Name', schema: 'string' }] };
    const child = { '@id': 'dtmi:example:Derived;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', extends: 'dtmi:example:Base;1' };
    await client.createModels([base, child]);
    expect(await failure(client.deleteModel('dtmi:example:Base;1'))).toMatchObject({ statusCode: 409, code: 'ModelReferencesNotDeleted' });
    // A Derived twin carries the Base's inherited property, and IS_OF_MODEL of the base finds it.
    await client.upsertDigitalTwin('derived-1', JSON.stringify({ $metadata: { $model: 'dtmi:example:Derived;1' }, Name: 'inherits' }));
    const ofBase = await all(client.queryTwins(`SELECT * FROM digitaltwins WHERE IS_OF_MODEL('dtmi:example:Base;1')`));
    expect(ofBase.map((twin) => (twin as { $dtId: string }).$dtId)).toEqual(['derived-1']);
    expect(await all(client.queryTwins(`SELECT * FROM digitaltwins WHERE IS_OF_MODEL('dtmi:example:Base;1', exact)`))).toEqual([]);
    await client.decomissionModel('dtmi:example:Derived;1');
    expect((await client.getModel('dtmi:example:Derived;1')).decommissioned).toBe(true);
    const refused = await failure(client.upsertDigitalTwin('derived-2', JSON.stringify({ $metadata: { $model: 'dtmi:example:Derived;1' } })));
    expect(refused).toMatchObject({ statusCode: 400, code: 'ModelDecommissioned' });
    await client.deleteDigitalTwin('derived-1');
    await client.deleteModel('dtmi:example:Derived;1');
    await client.deleteModel('dtmi:example:Base;1');
    expect(await failure(client.deleteModel('dtmi:example:Base;1'))).toMatchObject({ statusCode: 404, code: 'ModelNotFound' });
  });
});

describe('ADT twins and relationships', () => {
  it('creates with If-None-Match, reads, patches with If-Match and refuses a stale etag', async () => {
    const created = await client.upsertDigitalTwin('t-1', thermostat('dev-1'), { ifNoneMatch: '*' });
    expect(created.etag).toMatch(/^W\/"/);
    expect(created.body).toMatchObject({ $dtId: 't-1', HubRegistrationId: 'dev-1', $metadata: { $model: THERMOSTAT } });
    expect(await failure(client.upsertDigitalTwin('t-1', thermostat('dev-1'), { ifNoneMatch: '*' }))).toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
    const patched = await client.updateDigitalTwin('t-1', [{ op: 'add', path: '/Temperature', value: 21.5 }], { ifMatch: created.etag as string });
    expect(patched.etag).not.toBe(created.etag);
    const read = await client.getDigitalTwin('t-1');
    expect(read.body).toMatchObject({ Temperature: 21.5, $metadata: { Temperature: { lastUpdateTime: expect.any(String) } } });
    expect(read.etag).toBe(patched.etag);
    const stale = await failure(client.updateDigitalTwin('t-1', [{ op: 'replace', path: '/Temperature', value: 1 }], { ifMatch: created.etag as string }));
    expect(stale).toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
    expect(await failure(client.updateDigitalTwin('t-1', [{ op: 'remove', path: '/TargetTemperature' }]))).toMatchObject({ statusCode: 400, code: 'JsonPatchInvalid' });
    await client.updateDigitalTwin('t-1', [{ op: 'remove', path: '/Temperature' }]);
    expect((await client.getDigitalTwin('t-1')).body.Temperature).toBeUndefined();
    expect(await failure(client.getDigitalTwin('nobody'))).toMatchObject({ statusCode: 404, code: 'DigitalTwinNotFound' });
  });

  it('checks properties against the model: unknown model, unknown property, wrong type', async () => {
    const unknownModel = await failure(client.upsertDigitalTwin('x', JSON.stringify({ $metadata: { $model: 'dtmi:example:Nope;1' } })));
    expect(unknownModel).toMatchObject({ statusCode: 400, code: 'ValidationFailed' });
    expect(unknownModel.message).toContain('dtmi:example:Nope;1');
    const unknownProperty = await failure(client.upsertDigitalTwin('x', thermostat('dev-x', { Humidity: 40 })));
    expect(unknownProperty).toMatchObject({ statusCode: 400, code: 'ValidationFailed' });
    expect(unknownProperty.message).toContain('Humidity');
    expect(await failure(client.upsertDigitalTwin('x', thermostat('dev-x', { Temperature: 'warm' })))).toMatchObject({ statusCode: 400, code: 'ValidationFailed' });
    expect(await failure(client.updateDigitalTwin('t-1', [{ op: 'add', path: '/Humidity', value: 3 }]))).toMatchObject({ statusCode: 400, code: 'ValidationFailed' });
  });

  it('keeps relationships: create, list outgoing and incoming, refuse bad ones, and block deleting a linked twin', async () => {
    await client.upsertDigitalTwin('room/1 a', JSON.stringify({ $metadata: { $model: SPACE }, DisplayName: 'Room 1', Floor: 2 }));
    await client.upsertDigitalTwin('t-2', thermostat('dev-2', { Temperature: 19 }));
    const rel = await client.upsertRelationship('room/1 a', 'r1', { $relationshipId: 'r1', $sourceId: 'room/1 a', $targetId: 't-1', $relationshipName: 'contains' });
    await client.upsertRelationship('room/1 a', 'r2', { $targetId: 't-2', $relationshipName: 'contains' });
    expect(rel.body).toMatchObject({ $sourceId: 'room/1 a', $targetId: 't-1' });
    const outgoing = await all(client.listRelationships('room/1 a'));
    expect(outgoing.map((r) => (r as { $targetId: string }).$targetId).sort()).toEqual(['t-1', 't-2']);
    const incoming = await all(client.listIncomingRelationships('t-1'));
    expect(incoming).toMatchObject([{ relationshipId: 'r1', sourceId: 'room/1 a', relationshipName: 'contains' }]);
    expect(await failure(client.upsertRelationship('room/1 a', 'r3', { $targetId: 'ghost', $relationshipName: 'contains' }))).toMatchObject({ statusCode: 404, code: 'TargetTwinNotFound' });
    expect(await failure(client.upsertRelationship('room/1 a', 'r3', { $targetId: 't-1', $relationshipName: 'owns' }))).toMatchObject({ statusCode: 400, code: 'InvalidRelationship' });
    expect(await failure(client.upsertRelationship('t-1', 'r3', { $targetId: 't-2', $relationshipName: 'serves', Since: 'yesterday' }))).toMatchObject({ statusCode: 400, code: 'ValidationFailed' });
    expect(await failure(client.upsertRelationship('t-1', 'r1', { $targetId: 'room/1 a', $relationshipName: 'contains' }))).toMatchObject({ statusCode: 400, code: 'InvalidRelationship' });
    expect(await failure(client.deleteDigitalTwin('t-1'))).toMatchObject({ statusCode: 400, code: 'RelationshipsNotDeleted' });
    expect(await failure(client.deleteRelationship('room/1 a', 'r1', { ifMatch: 'W/"stale"' }))).toMatchObject({ statusCode: 412 });
    expect((await client.getRelationship('room/1 a', 'r2')).body).toMatchObject({ $targetId: 't-2' });
  });

  it('queries: IS_OF_MODEL, comparisons, $dtId, JOIN RELATED, paging, and a syntax error', async () => {
    const byReg = await all(client.queryTwins(`SELECT * FROM DigitalTwins T WHERE T.HubRegistrationId = 'dev-2' AND IS_OF_MODEL('${THERMOSTAT}')`));
    expect(byReg.map((twin) => (twin as { $dtId: string }).$dtId)).toEqual(['t-2']);
    expect(await all(client.queryTwins(`SELECT * FROM DIGITALTWINS WHERE $dtId = 't-1'`))).toHaveLength(1);
    expect(await all(client.queryTwins(`SELECT * FROM digitaltwins T WHERE T.Temperature > 18.5 AND NOT T.$dtId IN ['t-9']`))).toHaveLength(1);
    const joined = await all(client.queryTwins(`SELECT S, T, R FROM DIGITALTWINS S JOIN T RELATED S.contains R WHERE S.$dtId = 'room/1 a' AND T.Temperature = 19`));
    expect(joined).toMatchObject([{ S: { $dtId: 'room/1 a' }, T: { $dtId: 't-2' }, R: { $relationshipId: 'r2' } }]);
    expect(await all(client.queryTwins('SELECT COUNT() FROM DIGITALTWINS'))).toEqual([{ COUNT: 3 }]);
    const relationships = await all(client.queryTwins(`SELECT * FROM RELATIONSHIPS R WHERE R.$relationshipName = 'contains'`));
    expect(relationships.map((r) => (r as { $targetId: string }).$targetId).sort()).toEqual(['t-1', 't-2']);
    const pages = [];
    for await (const page of client.queryTwins('SELECT * FROM DIGITALTWINS', 2).byPage()) pages.push(page.value?.length);
    expect(pages).toEqual([2, 1]);
    const syntax = await failure(all(client.queryTwins('SELECT * FROM DIGITALTWINS WHERE T.Temperature >')));
    expect(syntax).toMatchObject({ statusCode: 400, code: 'SqlQueryError' });
    expect(syntax.message).toMatch(/position \d+/);
    expect(await failure(all(client.queryTwins('SELECT * FROM DIGITALTWINS S JOIN T RELATED S.contains')))).toMatchObject({ statusCode: 400, code: 'SqlQueryError' });
  });

  it('deletes relationships and then the twin; refuses a token it did not issue', async () => {
    for (const r of await all(client.listRelationships('room/1 a'))) {
      const relationship = r as { $relationshipId: string; $etag: string; $targetId: string };
      if (relationship.$targetId === 't-1') await client.deleteRelationship('room/1 a', relationship.$relationshipId, { ifMatch: relationship.$etag });
    }
    const current = await client.getDigitalTwin('t-1');
    await client.deleteDigitalTwin('t-1', { ifMatch: current.etag as string });
    expect(await failure(client.getDigitalTwin('t-1'))).toMatchObject({ statusCode: 404 });
    const stranger = sandboxTwinsClient(t.sandbox, t.ca, 'not-the-token');
    expect(await failure(stranger.getDigitalTwin('t-2'))).toMatchObject({ statusCode: 401, code: 'Unauthorized' });
  });

  it('keeps models, twins and relationships across a restart, on the same URL and token', async () => {
    const { dataDir } = t;
    const url = t.sandbox.digitalTwins.url;
    await t.sandbox.close();
    const again = await createSandbox({ dataDir, hubs: 1 });
    t = { ...t, sandbox: again, dispose: async () => again.close() };
    expect(again.digitalTwins.url).toBe(url);
    const reopened = sandboxTwinsClient(again, t.ca);
    expect((await reopened.getDigitalTwin('t-2')).body).toMatchObject({ Temperature: 19 });
    expect(await all(reopened.listModels())).toHaveLength(2);
    expect(await all(reopened.listRelationships('room/1 a'))).toHaveLength(1);
  });
});
