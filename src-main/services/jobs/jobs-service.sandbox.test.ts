import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../src-shared/contract/channels/jobs.ts';
import { DevicesService } from '../devices/devices-service.ts';
import { startDevicesTestBed, type DevicesTestBed } from '../devices/devices-test-support.ts';
import { JobsService } from './jobs-service.ts';

// Jobs v2 through the SDK's JobClient against the sandbox hub, which runs them in-process.
let bed: DevicesTestBed;
let jobs: JobsService;
let host: string;

beforeAll(async () => {
  bed = await startDevicesTestBed();
  host = bed.hub.hostName;
  jobs = new JobsService({ profiles: bed.profiles, eventLog: bed.eventLog });
  const devices = new DevicesService({ profiles: bed.profiles, store: bed.devicesStore, eventLog: bed.eventLog });
  for (let i = 0; i < 4; i++) {
    await devices.create({ hubHost: host, deviceId: `job-${i}`, status: 'enabled', auth: { type: 'sas' } });
    await bed.hub.registry().updateTwin(`job-${i}`, { tags: { fleet: i < 3 ? 'north' : 'south' } }, '*');
  }
  const keys = await devices.revealKeys(host, 'job-0');
  const device = await bed.hub.deviceClient('job-0', keys.primaryKey);
  await device.open();
  device.onDeviceMethod('ping', (_request, response) => void response.send(200, { pong: true }));
}, 30_000);

afterAll(async () => {
  await bed?.close();
});

async function finished(jobId: string): Promise<Job> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await jobs.get(host, jobId);
    if (['completed', 'finished', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('jobs against the sandbox hub', () => {
  it('previews the match, updates the twins of every matching device, and is logged', async () => {
    expect(await jobs.preview(host, "tags.fleet = 'north'")).toEqual({ matching: 3 });
    const job = await jobs.schedule({ hubHost: host, jobId: 'twin-north', condition: "tags.fleet = 'north'", action: { type: 'twin', desired: { mode: 'eco' } }, maxExecutionTimeInSeconds: 600 });
    expect(job).toMatchObject({ jobId: 'twin-north', type: 'scheduleUpdateTwin' });
    const done = await finished('twin-north');
    expect(done.statistics).toMatchObject({ deviceCount: 3, succeededCount: 3, failedCount: 0 });
    expect((await bed.hub.registry().getTwin('job-2')).responseBody.properties.desired).toMatchObject({ mode: 'eco' });
    expect((await bed.hub.registry().getTwin('job-3')).responseBody.properties.desired.mode).toBeUndefined();
    expect((await jobs.list(host)).map((j) => j.jobId)).toContain('twin-north');
    const logged = bed.store.forProfile('sandbox').db.prepare("SELECT detail FROM events WHERE kind = 'job-run'").all() as Array<{ detail: string }>;
    expect(JSON.parse(logged[0]!.detail)).toMatchObject({ jobId: 'twin-north', type: 'scheduleUpdateTwin' });
  });

  it('runs a job over a condition that matches nobody to an empty finish', async () => {
    expect(await jobs.preview(host, "tags.fleet = 'nowhere'")).toEqual({ matching: 0 });
    await jobs.schedule({ hubHost: host, jobId: 'nobody', condition: "tags.fleet = 'nowhere'", action: { type: 'twin', tags: { touched: true } }, maxExecutionTimeInSeconds: 600 });
    const done = await finished('nobody');
    expect(done.status).not.toBe('failed');
    expect(done.statistics).toMatchObject({ deviceCount: 0, succeededCount: 0, failedCount: 0 });
  });

  it('calls a method on every matching device: the online one answers, the offline ones fail', async () => {
    await jobs.schedule({ hubHost: host, jobId: 'ping-north', condition: "tags.fleet = 'north'", action: { type: 'method', methodName: 'ping', payload: '{}', responseTimeoutInSeconds: 5 }, maxExecutionTimeInSeconds: 600 });
    const done = await finished('ping-north');
    expect(done.statistics).toMatchObject({ deviceCount: 3, succeededCount: 1, failedCount: 2 });
    const results = await jobs.results(host, 'ping-north');
    expect(results.supported).toBe(true);
    expect(results.message).toBeNull();
    expect(results.results.map((r) => [r.deviceId, r.status])).toEqual([
      ['job-0', 'completed'],
      ['job-1', 'failed'],
      ['job-2', 'failed'],
    ]);
    expect(JSON.parse(results.results[0]!.outcome ?? 'null')).toEqual({ deviceMethodResponse: { status: 200, payload: { pong: true } } });
    expect(JSON.parse(results.results[1]!.outcome ?? 'null')).toMatchObject({ code: 'DeviceNotOnline', description: expect.stringMatching(/job-1 is not online/) });
    for (const r of results.results) expect(Date.parse(r.endTime ?? ''), r.deviceId).not.toBeNaN();
  }, 40_000);

  it('cancels a job scheduled for later, and refuses bad input before it leaves', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const job = await jobs.schedule({ hubHost: host, jobId: 'later', condition: "tags.fleet = 'south'", action: { type: 'twin', tags: { x: 1 } }, startTime: later, maxExecutionTimeInSeconds: 600 });
    expect(job.status).toBe('queued'); // as the service reports a job that has not started
    expect((await jobs.cancel(host, 'later')).status).toBe('cancelled');
    await expect(jobs.schedule({ hubHost: host, condition: 'true', action: { type: 'twin' }, maxExecutionTimeInSeconds: 600 })).rejects.toMatchObject({ code: 'validation' });
    await expect(jobs.schedule({ hubHost: host, condition: 'true', action: { type: 'method', methodName: 'x', payload: '{' }, maxExecutionTimeInSeconds: 600 })).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ path: 'action.payload' })] });
    await expect(jobs.preview(host, "tags.fleet = ")).rejects.toMatchObject({ code: 'validation' });
  });
});
