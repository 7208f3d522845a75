import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../../src-shared/contract/channels/tasks.ts';
import { BULK_BATCH, IMPORT_CONCURRENCY, IMPORT_TASK_KIND } from './import/import-task.ts';
import { startEnrollmentsHarness, TEST_PROFILE, type EnrollmentsHarness } from './enrollments-test-support.ts';

let h: EnrollmentsHarness;

beforeAll(async () => {
  h = await startEnrollmentsHarness();
}, 60_000);

afterAll(async () => {
  await h?.dispose();
});

const csv = (rows: string[]) => ['serialNumber,customer,model,tags', ...rows].join('\n');
const devices = (from: number, count: number) => Array.from({ length: count }, (_, i) => `SN-${String(from + i).padStart(5, '0')},Contoso,TH-1,site=osaka`);
const listAll = async () => (await h.service.list({ kind: 'individual', limit: 1000 }, TEST_PROFILE)).rows;

async function dpsIds(): Promise<string[]> {
  const page = await h.factory.provisioningService().createIndividualEnrollmentQuery({ query: '*' }, 10_000).next();
  return (page.responseBody as unknown as { registrationId: string }[]).map((e) => e.registrationId).sort();
}

describe('CSV import', () => {
  it('previews the sample file: ids from the template, tags from every column, nothing sent', async () => {
    const text = readFileSync(new URL('../../../assets/samples/enrollments-devices.csv', import.meta.url), 'utf8');
    const preview = h.service.imports.preview(TEST_PROFILE, text, { template: 'dev-{serial}' });
    expect(preview.counts).toEqual({ new: 10, exists: 0, duplicate: 0, invalid: 0 });
    expect(preview.rows[4]).toMatchObject({ registrationId: 'dev-sn-0005', customer: 'Northwind, Inc.', state: 'new' });
    const plan = h.service.imports.plan(TEST_PROFILE, text, { template: 'dev-{serial}' });
    expect(plan.valid[0]!.tags).toEqual({ site: 'osaka', floor: '3', serialNumber: 'SN-0001', customer: 'Contoso', model: 'TH-100' });
    expect(await dpsIds()).toEqual([]);
  });

  it('reports each bad row, creates the good ones, touches nothing else; a re-run creates nothing twice', async () => {
    await h.factory.provisioningService().createOrUpdateIndividualEnrollment({ registrationId: 'bystander', attestation: { type: 'symmetricKey' } } as never);
    const before = (await h.factory.provisioningService().getIndividualEnrollment('bystander')).responseBody.etag;
    const file = csv([...devices(1, 12), ',Contoso,TH-1,', 'SN-00001,Contoso,TH-1,', 'SN-00099,Contoso,TH-1,broken-tag']);
    const template = 'dev-{serial}';
    const preview = h.service.imports.preview(TEST_PROFILE, file, { template });
    expect(preview.counts).toEqual({ new: 12, exists: 0, duplicate: 1, invalid: 2 });
    expect(preview.rows.find((r) => r.row === 14)?.problems[0]?.column).toBe('registrationId');
    const task = h.service.imports.start(TEST_PROFILE, 'devices.csv', file, { template });
    const done = await h.tasks.finished(TEST_PROFILE, task.id);
    expect(done).toMatchObject({ status: 'succeeded', done: 12, total: 12, summary: { created: 12, exists: 0, failed: 0, invalid: 3 } });
    const results = h.service.imports.results(TEST_PROFILE, task.id);
    expect(results.total).toBe(15);
    expect(results.rows.filter((r) => r.outcome === 'invalid').map((r) => r.row)).toEqual([14, 15, 16]);
    expect(h.service.imports.exportResults(TEST_PROFILE, task.id).csv.split('\r\n')[0]).toBe('row,registrationId,outcome,message');
    expect(await dpsIds()).toEqual(['bystander', ...Array.from({ length: 12 }, (_, i) => `dev-sn-${String(i + 1).padStart(5, '0')}`)]);
    expect((await h.factory.provisioningService().getIndividualEnrollment('bystander')).responseBody.etag).toBe(before);
    const created = (await h.factory.provisioningService().getIndividualEnrollment('dev-sn-00003')).responseBody;
    expect(created.initialTwin?.tags).toMatchObject({ serialNumber: 'SN-00003', customer: 'Contoso', model: 'TH-1', site: 'osaka' });
    expect((await listAll()).find((r) => r.id === 'dev-sn-00003')).toMatchObject({ serialNumber: 'SN-00003', customer: 'Contoso', model: 'TH-1' });
    expect(h.eventLog.forDevice(TEST_PROFILE, 'dev-sn-00003').map((e) => e.kind)).toEqual(['enrolled']);

    const again = await h.tasks.finished(TEST_PROFILE, h.service.imports.start(TEST_PROFILE, 'devices.csv', file, { template }).id);
    expect(again.summary).toMatchObject({ created: 0, exists: 12, failed: 0 });
    expect((await dpsIds()).length).toBe(13);
    expect(h.eventLog.forDevice(TEST_PROFILE, 'dev-sn-00003').map((e) => e.kind)).toEqual(['enrolled']);
  });

  it('a cancelled import resumes at the first unsent batch and ends with every row created once', async () => {
    const file = csv(devices(100, 200));
    let calls = 0;
    let cancelled: Promise<Task> | undefined;
    // Cancel while the third batch is in flight: that batch completes, the rest waits for the resume.
    h.beforeRun = (what) => {
      // The first round is sent from inside start(): cancel once start() has returned the task.
      if (what === 'importing enrollments' && ++calls === 3) queueMicrotask(() => (cancelled = h.tasks.cancel(TEST_PROFILE, task.id)));
    };
    const task = h.service.imports.start(TEST_PROFILE, 'big.csv', file, { template: 'cr-{serial}' });
    await h.tasks.finished(TEST_PROFILE, task.id);
    h.beforeRun = null;
    const stopped = await cancelled!;
    // The round the cancel arrived in completes and is recorded; nothing after it is sent.
    const round = BULK_BATCH * IMPORT_CONCURRENCY;
    expect(stopped).toMatchObject({ status: 'cancelled', done: round, summary: { created: round } });
    expect((await dpsIds()).filter((id) => id.startsWith('cr-')).length).toBe(round);
    h.tasks.resume(TEST_PROFILE, stopped.id);
    const done = await h.tasks.finished(TEST_PROFILE, stopped.id);
    expect(done).toMatchObject({ status: 'succeeded', done: 200, summary: { created: 200, exists: 0, failed: 0 } });
    expect((await dpsIds()).filter((id) => id.startsWith('cr-')).length).toBe(200);
    expect(h.tasks.list(TEST_PROFILE, IMPORT_TASK_KIND).length).toBeGreaterThanOrEqual(3);
  });
});
