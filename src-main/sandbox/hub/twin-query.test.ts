import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from 'azure-iothub';
import type { TestHub } from './test-support.ts';
import { startTestHub } from './test-support.ts';
import { request } from './test-requests.ts';

let t: TestHub;
let registry: Registry;
beforeAll(async () => {
  t = await startTestHub();
  registry = t.registry();
  for (let i = 0; i < 25; i++) {
    const deviceId = `q-${String(i).padStart(2, '0')}`;
    await registry.create({ deviceId });
    const location = i % 3 === 0 ? 'plant-a' : i % 3 === 1 ? 'plant-b' : 'lab';
    const tags: Record<string, unknown> = { location, rank: i };
    if (i % 5 === 0) tags.special = true;
    await registry.updateTwin(deviceId, { tags, properties: { desired: { interval: i } } }, '*');
  }
});
afterAll(async () => {
  await t.close();
});

/** Every page of a query, following x-ms-continuation with the callback form (azure-wire.md §6.1). */
async function allPages(sql: string, pageSize: number): Promise<{ pages: number; items: Record<string, unknown>[] }> {
  const query = registry.createQuery(sql, pageSize);
  const items: Record<string, unknown>[] = [];
  let pages = 0;
  while (query.hasMoreResults) {
    const page = await new Promise<Record<string, unknown>[]>((resolve, reject) =>
      query.next((err, result) => (err ? reject(err) : resolve(result as Record<string, unknown>[]))),
    );
    pages++;
    items.push(...page);
    if (pages > 100) throw new Error('paging does not end');
  }
  return { pages, items };
}

describe('twins through azure-iothub Registry', () => {
  it('patches tags and desired with $version and $metadata, and refuses a stale etag', async () => {
    await registry.create({ deviceId: 'tw-1' });
    const before = (await registry.getTwin('tw-1')).responseBody;
    expect(before.properties.desired.$version).toBe(1);
    const patched = (await registry.updateTwin('tw-1', { tags: { site: 'x' }, properties: { desired: { mode: 'eco', nested: { a: 1 } } } }, before.etag)).responseBody;
    expect(patched.tags).toEqual({ site: 'x' });
    expect(patched.properties.desired).toMatchObject({ mode: 'eco', nested: { a: 1 }, $version: 2 });
    expect(patched.properties.desired.$metadata.mode).toMatchObject({ $lastUpdatedVersion: 2 });
    expect(patched.etag).not.toBe(before.etag);
    await expect(registry.updateTwin('tw-1', { tags: { site: 'y' } }, before.etag)).rejects.toMatchObject({ name: 'InvalidEtagError' });
    const removed = (await registry.updateTwin('tw-1', { properties: { desired: { nested: null } } }, patched.etag)).responseBody;
    expect(removed.properties.desired.nested).toBeUndefined();
    expect(removed.properties.desired.mode).toBe('eco');
    await expect(registry.getTwin('nope')).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
  });

  it('replaces a twin with PUT and enforces the 32 KB section limit and the depth limit', async () => {
    await registry.create({ deviceId: 'tw-2' });
    await registry.updateTwin('tw-2', { tags: { a: 1, b: 2 } }, '*');
    const replaced = await request(t, 'PUT', '/twins/tw-2?api-version=2021-04-12', { body: JSON.stringify({ tags: { c: 3 }, properties: { desired: { d: 4 } } }), headers: { 'if-match': '*' } });
    expect(replaced.status).toBe(200);
    expect(JSON.parse(replaced.body).tags).toEqual({ c: 3 });
    await expect(registry.updateTwin('tw-2', { tags: { big: 'x'.repeat(33 * 1024) } }, '*')).rejects.toMatchObject({ name: 'ArgumentError' });
    await expect(registry.updateTwin('tw-2', { properties: { desired: { big: 'x'.repeat(33 * 1024) } } }, '*')).rejects.toMatchObject({ name: 'ArgumentError' });
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 12; i++) deep = { [`l${i}`]: deep };
    await expect(registry.updateTwin('tw-2', { tags: deep }, '*')).rejects.toMatchObject({ name: 'ArgumentError' });
    await expect(registry.updateTwin('tw-2', { tags: { 'bad.name': 1 } }, '*')).rejects.toMatchObject({ name: 'ArgumentError' });
    const after = (await registry.getTwin('tw-2')).responseBody;
    expect(after.tags).toEqual({ c: 3 });
  });
});

describe('device query through Registry.createQuery', () => {
  it('pages with x-ms-continuation until the header is absent', async () => {
    const { pages, items } = await allPages("SELECT * FROM devices WHERE STARTSWITH(deviceId, 'q-')", 10);
    expect(pages).toBe(3);
    expect(items.map((i) => i.deviceId)).toEqual(Array.from({ length: 25 }, (_, i) => `q-${String(i).padStart(2, '0')}`));
    expect(items[0]).toMatchObject({ tags: { location: 'plant-a' }, properties: { desired: { interval: 0 } } });
  });

  it('returns twins from nextAsTwin', async () => {
    const query = registry.createQuery("SELECT * FROM devices WHERE tags.location = 'lab'", 100);
    const page = (await query.nextAsTwin()).result;
    expect(page.map((twin) => twin.deviceId)).toEqual(['q-02', 'q-05', 'q-08', 'q-11', 'q-14', 'q-17', 'q-20', 'q-23']);
    expect(query.hasMoreResults).toBe(false);
  });

  it('projects, filters with IN, IS_DEFINED and comparisons', async () => {
    const projected = await allPages("SELECT deviceId, tags.location AS site FROM devices WHERE tags.location IN ['plant-a', 'plant-b'] AND tags.rank >= 20", 100);
    expect(projected.items).toEqual([
      { deviceId: 'q-21', site: 'plant-a' },
      { deviceId: 'q-22', site: 'plant-b' },
      { deviceId: 'q-24', site: 'plant-a' },
    ]);
    const defined = await allPages('SELECT deviceId FROM devices WHERE IS_DEFINED(tags.special)', 2);
    expect(defined.items.map((i) => i.deviceId)).toEqual(['q-00', 'q-05', 'q-10', 'q-15', 'q-20']);
    expect(defined.pages).toBe(3);
    const top = await allPages('SELECT TOP 3 deviceId FROM devices WHERE properties.desired.interval > 10', 2);
    expect(top.items.map((i) => i.deviceId)).toEqual(['q-11', 'q-12', 'q-13']);
  });

  it('groups with COUNT() and counts without grouping', async () => {
    const grouped = await allPages("SELECT tags.location AS location, COUNT() AS n FROM devices WHERE STARTSWITH(deviceId, 'q-') GROUP BY tags.location", 100);
    expect(grouped.items).toEqual([
      { location: 'plant-a', n: 9 },
      { location: 'plant-b', n: 8 },
      { location: 'lab', n: 8 },
    ]);
    const counted = await allPages("SELECT COUNT() AS total FROM devices WHERE tags.location = 'nowhere'", 100);
    expect(counted.items).toEqual([{ total: 0 }]);
  });

  it('answers a syntax error with 400 and the position', async () => {
    const query = registry.createQuery('SELECT * FROM devices WHERE tags.x ~ 1', 10);
    const error = await new Promise<Error & { responseBody?: string }>((resolve) => query.next((err) => resolve(err as Error)));
    expect(error.name).toBe('ArgumentError');
    expect(error.responseBody).toContain('position 35');
    const badToken = await request(t, 'POST', '/devices/query?api-version=2021-04-12', { body: '{"query":"SELECT * FROM devices"}', headers: { 'x-ms-continuation': 'garbage!' } });
    expect(badToken.status).toBe(400);
  });
});
