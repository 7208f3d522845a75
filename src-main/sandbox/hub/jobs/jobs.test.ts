import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobClient } from 'azure-iothub';
import type { TestHub } from '../test-support.ts';
import { startTestHub } from '../test-support.ts';

let t: TestHub;
let jobs: JobClient;
const keys = new Map<string, string>();

beforeAll(async () => {
  t = await startTestHub();
  jobs = t.jobClient();
  const registry = t.registry();
  for (const [deviceId, group] of [['j-1', 'fleet'], ['j-2', 'fleet'], ['j-3', 'fleet'], ['j-4', 'other']] as const) {
    const device = (await registry.create({ deviceId })).responseBody;
    keys.set(deviceId, device.authentication?.symmetricKey?.primaryKey as string);
    await registry.updateTwin(deviceId, { tags: { group } }, '*');
  }
});
afterAll(async () => {
  await t.close();
});

type JobView = { status: string; deviceJobStatistics: { deviceCount: number; succeededCount: number; failedCount: number; pendingCount: number; runningCount: number } };
const getJob = async (client: JobClient, jobId: string) => (await client.getJob(jobId)).jobStatus as unknown as JobView;

describe('jobs v2 through azure-iothub JobClient', () => {
  it('runs scheduleTwinUpdate over a query condition and reports progress counts', async () => {
    const submitted = (await jobs.scheduleTwinUpdate('twin-job-1', "tags.group = 'fleet'", { etag: '*', properties: { desired: { mode: 'night' } } })).jobStatus as unknown as { status: string; type: string };
    expect(submitted.type).toBe('scheduleUpdateTwin');
    await expect.poll(async () => (await getJob(jobs, 'twin-job-1')).status, { timeout: 10_000, interval: 50 }).toBe('completed');
    const job = await getJob(jobs, 'twin-job-1');
    expect(job.deviceJobStatistics).toEqual({ deviceCount: 3, failedCount: 0, succeededCount: 3, runningCount: 0, pendingCount: 0 });
    const twin = (await t.registry().getTwin('j-2')).responseBody;
    expect(twin.properties.desired.mode).toBe('night');
    const untouched = (await t.registry().getTwin('j-4')).responseBody;
    expect(untouched.properties.desired.mode).toBeUndefined();
  });

  it('runs scheduleDeviceMethod: online devices succeed, offline ones fail', async () => {
    const online = await t.deviceClient('j-1', keys.get('j-1') as string);
    await online.open();
    const calls: unknown[] = [];
    online.onDeviceMethod('blink', (req, res) => {
      calls.push(req.payload);
      res.send(200, { ok: true }, () => {});
    });
    // Wait until the device's methods subscription is in place (invoke with connectTimeout).
    await t.serviceClient().invokeDeviceMethod('j-1', { methodName: 'blink', payload: 'probe', responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 });
    await jobs.scheduleDeviceMethod('method-job-1', "deviceId IN ['j-1', 'j-3']", { methodName: 'blink', payload: { times: 3 }, responseTimeoutInSeconds: 5 });
    await expect.poll(async () => (await getJob(jobs, 'method-job-1')).status, { timeout: 10_000, interval: 50 }).toBe('completed');
    const job = await getJob(jobs, 'method-job-1');
    expect(job.deviceJobStatistics).toMatchObject({ deviceCount: 2, succeededCount: 1, failedCount: 1 });
    expect(calls).toEqual(['probe', { times: 3 }]);
    await online.close();

    // Per-device results through the query language, a page of one row at a time.
    const query = t.registry().createQuery("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'method-job-1'", 1);
    const rows: Record<string, unknown>[] = [];
    do rows.push(...((await (query.continuationToken ? query.next(query.continuationToken) : query.next())).result as Record<string, unknown>[]));
    while (query.hasMoreResults && rows.length < 10);
    expect(rows).toEqual([
      expect.objectContaining({ deviceId: 'j-1', jobId: 'method-job-1', jobType: 'scheduleDeviceMethod', status: 'completed', outcome: { deviceMethodResponse: { status: 200, payload: { ok: true } } } }),
      expect.objectContaining({ deviceId: 'j-3', status: 'failed', outcome: { deviceMethodResponse: null }, error: { code: 'DeviceNotOnline', description: expect.stringMatching(/j-3 is not online/) } }),
    ]);
    for (const row of rows) for (const field of ['startTimeUtc', 'endTimeUtc', 'createdDateTimeUtc', 'lastUpdatedDateTimeUtc']) expect(Date.parse(row[field] as string), field).not.toBeNaN();
    const failed = await t.registry().createQuery("SELECT * FROM devices.jobs WHERE devices.jobs.status = 'failed' AND devices.jobs.jobType = 'scheduleDeviceMethod'").next();
    expect((failed.result as { deviceId: string }[]).map((r) => r.deviceId)).toEqual(['j-3']);
    await expect(t.registry().createQuery('SELECT * FROM devices.modules').next()).rejects.toThrow(/devices\.modules is not supported/);
  });

  it('cancels a scheduled job before it starts and lists jobs by type and status with paging', async () => {
    const later = new Date(Date.now() + 3_600_000);
    await jobs.scheduleTwinUpdate('later-job', "tags.group = 'fleet'", { tags: { touched: true } }, later);
    expect((await getJob(jobs, 'later-job')).status).toBe('queued');
    const cancelled = (await jobs.cancelJob('later-job')).jobStatus as unknown as JobView;
    expect(cancelled.status).toBe('cancelled');
    await expect(jobs.getJob('no-such-job')).rejects.toBeDefined();

    await jobs.scheduleTwinUpdate('twin-job-2', "tags.group = 'other'", { tags: { touched: true } });
    await expect.poll(async () => (await getJob(jobs, 'twin-job-2')).status, { timeout: 10_000, interval: 50 }).toBe('completed');
    const query = jobs.createQuery('scheduleUpdateTwin', 'completed' as never, 1);
    const ids: string[] = [];
    while (query.hasMoreResults) {
      const page = await new Promise<{ jobId: string }[]>((resolve, reject) => query.next((err, result) => (err ? reject(err) : resolve(result as { jobId: string }[]))));
      ids.push(...page.map((j) => j.jobId));
    }
    expect(ids).toEqual(['twin-job-1', 'twin-job-2']);
  });

  it('fails a job that runs past maxExecutionTimeInSeconds', async () => {
    const device = await t.deviceClient('j-4', keys.get('j-4') as string);
    await device.open();
    device.onDeviceMethod('hang', () => {});
    device.onDeviceMethod('ready', (_req, res) => res.send(200, null, () => {}));
    await t.serviceClient().invokeDeviceMethod('j-4', { methodName: 'ready', payload: null, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 });
    await jobs.scheduleDeviceMethod('slow-job', "deviceId = 'j-4'", { methodName: 'hang', payload: null, responseTimeoutInSeconds: 5 }, new Date(), 1);
    await expect.poll(async () => (await getJob(jobs, 'slow-job')).status, { timeout: 15_000, interval: 100 }).toBe('failed');
    const job = (await jobs.getJob('slow-job')).jobStatus as unknown as JobView & { failureReason?: string };
    expect(job.deviceJobStatistics).toMatchObject({ deviceCount: 1, failedCount: 1, succeededCount: 0 });
    expect(job.failureReason).toMatch(/maxExecutionTimeInSeconds/);
    await device.close();
  }, 30_000);

  it('refuses malformed jobs with ArgumentError', async () => {
    await expect(jobs.scheduleTwinUpdate('bad-1', 'tags.group = = 1', { tags: {} })).rejects.toMatchObject({ name: 'ArgumentError' });
    await expect(jobs.scheduleDeviceMethod('bad-2', 'tags.a = 1', { methodName: 'has space', payload: null, responseTimeoutInSeconds: 5 })).rejects.toMatchObject({ name: 'ArgumentError' });
  });
});

describe('jobs across a restart', () => {
  it('runs a job scheduled before the hub restarted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-jobs-'));
    const ownerKey = Buffer.alloc(32, 9).toString('base64');
    try {
      const first = await startTestHub({ dir, ownerKey, name: 'restart-hub' });
      await first.registry().create({ deviceId: 'r-1' });
      await first.jobClient().scheduleTwinUpdate('resume-job', "deviceId = 'r-1'", { tags: { resumed: true } }, new Date(Date.now() + 1_500));
      await first.close();
      const second = await startTestHub({ dir, ownerKey, name: 'restart-hub' });
      try {
        const client = second.jobClient();
        expect((await getJob(client, 'resume-job')).status).toBe('queued');
        await expect.poll(async () => (await getJob(client, 'resume-job')).status, { timeout: 10_000, interval: 50 }).toBe('completed');
        expect((await second.registry().getTwin('r-1')).responseBody.tags).toEqual({ resumed: true });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
