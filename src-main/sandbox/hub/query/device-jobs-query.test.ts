import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxDatabase } from '../../store/database.ts';
import { JobStore } from '../jobs/job-store.ts';
import type { JobRecord } from '../jobs/job-store.ts';
import { deviceJobFilterFor, executeDeviceJobsQuery } from './device-jobs-executor.ts';
import { QuerySyntaxError, parseQuery } from './query-parser.ts';

const dir = mkdtempSync(join(tmpdir(), 'device-jobs-'));
const db = new SandboxDatabase(join(dir, 'store.db'));
const store = new JobStore(db, 'hub-a');
const other = new JobStore(db, 'hub-b');

const job = (jobId: string, type: JobRecord['type'], status: JobRecord['status']): JobRecord => ({
  jobId,
  type,
  status,
  queryCondition: 'true',
  payload: {},
  createdTime: '2026-01-01T00:00:00.000Z',
  startTime: '2026-01-01T00:00:00.000Z',
  endTime: null,
  maxExecutionTimeInSeconds: 60,
  failureReason: null,
});

beforeAll(() => {
  store.insert(job('m-1', 'scheduleDeviceMethod', 'completed'));
  store.addDevices('m-1', ['d-1', 'd-2', 'd-3']);
  store.setDeviceOutcomes('m-1', [
    { deviceId: 'd-1', status: 'completed', outcome: { deviceMethodResponse: { status: 200, payload: { ok: true } } }, startTime: '2026-01-01T00:00:01.000Z', endTime: '2026-01-01T00:00:02.000Z' },
    { deviceId: 'd-2', status: 'failed', outcome: { error: { code: 'DeviceNotOnline', description: 'd-2 is offline' } }, startTime: '2026-01-01T00:00:01.000Z', endTime: '2026-01-01T00:00:01.500Z' },
  ]);
  store.insert(job('t-1', 'scheduleUpdateTwin', 'cancelled'));
  store.addDevices('t-1', ['d-1', 'd-9']);
  store.setDeviceOutcomes('t-1', [{ deviceId: 'd-1', status: 'completed', outcome: null }]);
  // A row as an older sandbox stored it: the error as bare text.
  store.insert(job('old', 'scheduleDeviceMethod', 'failed'));
  store.addDevices('old', ['d-1']);
  store.setDeviceOutcomes('old', [{ deviceId: 'd-1', status: 'failed', outcome: { error: 'timed out' } }]);
  other.insert(job('m-1', 'scheduleDeviceMethod', 'completed'));
  other.addDevices('m-1', ['elsewhere']);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (sql: string, pageSize = 100, continuation?: string) => executeDeviceJobsQuery(store, parseQuery(sql), pageSize, continuation);
const keys = (items: unknown[]) => (items as { jobId: string; deviceId: string }[]).map((r) => `${r.jobId}/${r.deviceId}`);

describe('devices.jobs: parser', () => {
  it('parses FROM devices.jobs and reads devices.jobs.<field> as the row field', () => {
    const query = parseQuery("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'x' AND status = 'failed'");
    expect(query.from).toBe('devices.jobs');
    expect(query.where).toEqual({
      kind: 'and',
      left: { kind: 'compare', op: '=', left: { kind: 'path', segments: ['jobId'] }, right: { kind: 'literal', value: 'x' } },
      right: { kind: 'compare', op: '=', left: { kind: 'path', segments: ['status'] }, right: { kind: 'literal', value: 'failed' } },
    });
    expect(parseQuery('SELECT * FROM devices').from).toBe('devices');
  });

  it('refuses projections, COUNT() and GROUP BY over devices.jobs, and devices.modules by name', () => {
    const refused = (sql: string) => {
      try {
        parseQuery(sql);
      } catch (error) {
        expect(error).toBeInstanceOf(QuerySyntaxError);
        return (error as Error).message;
      }
      throw new Error(`accepted: ${sql}`);
    };
    expect(refused('SELECT deviceId FROM devices.jobs')).toMatch(/devices\.jobs supports SELECT \* only/);
    expect(refused('SELECT COUNT() AS n FROM devices.jobs')).toMatch(/SELECT \* only/);
    expect(refused('SELECT * FROM devices.jobs GROUP BY status')).toMatch(/SELECT \* only/);
    expect(refused('SELECT * FROM devices.modules')).toMatch(/position 22: FROM devices\.modules is not supported by the sandbox/);
    expect(refused('SELECT * FROM devices.things')).toMatch(/position 22: expected devices\.jobs or devices\.modules/);
  });

  it('pushes jobId, deviceId and jobType equalities to the scan, nothing under OR or NOT', () => {
    const filter = (sql: string) => deviceJobFilterFor(parseQuery(sql).where);
    expect(filter("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'j' AND 'd' = deviceId AND jobType = 'scheduleUpdateTwin' AND status = 'failed'")).toEqual({
      jobId: 'j',
      deviceId: 'd',
      jobType: 'scheduleUpdateTwin',
    });
    expect(filter("SELECT * FROM devices.jobs WHERE jobId = 'a' OR jobId = 'b'")).toEqual({});
    expect(filter("SELECT * FROM devices.jobs WHERE NOT jobId = 'a'")).toEqual({});
  });
});

describe('devices.jobs: rows from the job store', () => {
  it("answers one row per device in the service's shape", () => {
    const rows = run("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'm-1'").items;
    expect(keys(rows)).toEqual(['m-1/d-1', 'm-1/d-2', 'm-1/d-3']);
    expect(rows[0]).toEqual({
      deviceId: 'd-1',
      jobId: 'm-1',
      jobType: 'scheduleDeviceMethod',
      status: 'completed',
      startTimeUtc: '2026-01-01T00:00:01.000Z',
      endTimeUtc: '2026-01-01T00:00:02.000Z',
      createdDateTimeUtc: expect.any(String),
      lastUpdatedDateTimeUtc: expect.any(String),
      outcome: { deviceMethodResponse: { status: 200, payload: { ok: true } } },
    });
    expect(rows[1]).toMatchObject({ status: 'failed', outcome: { deviceMethodResponse: null }, error: { code: 'DeviceNotOnline', description: 'd-2 is offline' } });
    expect(rows[2]).toMatchObject({ status: 'pending' });
    expect(rows[2]).not.toHaveProperty('startTimeUtc');
  });

  it('filters on status, jobType and deviceId; a cancelled job leaves its unfinished devices cancelled', () => {
    expect(keys(run("SELECT * FROM devices.jobs WHERE devices.jobs.status = 'failed'").items)).toEqual(['m-1/d-2', 'old/d-1']);
    expect(keys(run("SELECT * FROM devices.jobs WHERE devices.jobs.deviceId = 'd-1' AND devices.jobs.jobType = 'scheduleDeviceMethod'").items)).toEqual(['m-1/d-1', 'old/d-1']);
    expect(keys(run("SELECT * FROM devices.jobs WHERE status = 'cancelled'").items)).toEqual(['t-1/d-9']);
    expect(keys(run("SELECT * FROM devices.jobs WHERE jobId = 'm-1' AND jobId = 'other'").items)).toEqual([]);
    expect(run("SELECT * FROM devices.jobs WHERE jobId = 'old'").items[0]).toMatchObject({ error: { code: 'DeviceJobFailed', description: 'timed out' } });
    expect(keys(run('SELECT TOP 2 * FROM devices.jobs').items)).toEqual(['m-1/d-1', 'm-1/d-2']);
  });

  it('pages with continuation tokens, and stays within its own hub', () => {
    const seen: string[] = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = run('SELECT * FROM devices.jobs', 2, continuation);
      seen.push(...keys(page.items));
      continuation = page.continuation ?? undefined;
      pages++;
    } while (continuation);
    expect(seen).toEqual(['m-1/d-1', 'm-1/d-2', 'm-1/d-3', 'old/d-1', 't-1/d-1', 't-1/d-9']);
    expect(pages).toBe(3);
    expect(() => run('SELECT * FROM devices.jobs', 2, 'not-a-token')).toThrow(/continuation token/);
  });
});
