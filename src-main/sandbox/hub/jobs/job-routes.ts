import { sendJson } from '../../server/http-io.ts';
import { parseMethodCall } from '../method-routes.ts';
import { compileQuery } from '../query/query-executor.ts';
import { pageSizeOf } from '../query/query-routes.ts';
import type { Route } from '../service-router.ts';
import { HubServiceError, badRequest } from '../service-error.ts';
import { isJsonObject, validateSection } from '../twin-document.ts';
import type { JobRunner } from './job-runner.ts';
import type { JobRecord, JobStore } from './job-store.ts';

const JOB_ID = /^[A-Za-z0-9\-.+%_#*?!(),:=@$']{1,128}$/;
const DEFAULT_MAX_EXECUTION_S = 3600;

const jobNotFound = (jobId: string) => new HubServiceError(404, 'JobNotFound', `Job ${jobId} not found.`);

/** A job as GET /jobs/v2/{id} returns it. */
export function presentJob(job: JobRecord, runner: JobRunner) {
  return {
    jobId: job.jobId,
    queryCondition: job.queryCondition,
    createdTime: job.createdTime,
    startTime: job.startTime,
    endTime: job.endTime ?? undefined,
    maxExecutionTimeInSeconds: job.maxExecutionTimeInSeconds,
    type: job.type,
    // Rows stored as 'scheduled' by an older sandbox read as the service says: queued.
    status: job.status === 'scheduled' ? 'queued' : job.status,
    ...(job.failureReason ? { failureReason: job.failureReason, statusMessage: job.failureReason } : {}),
    ...(job.type === 'scheduleUpdateTwin' ? { updateTwin: job.payload } : { cloudToDeviceMethod: job.payload }),
    deviceJobStatistics: runner.statistics(job.jobId),
  };
}

/** Validates a PUT /jobs/v2/{id} body before anything is stored. */
export function parseJob(jobId: string, body: unknown): JobRecord {
  if (!JOB_ID.test(jobId)) throw badRequest('Invalid job id.');
  if (!isJsonObject(body)) throw badRequest('The job must be a JSON object.');
  if (body.jobId !== undefined && body.jobId !== jobId) throw badRequest('The jobId in the body does not match the URL.');
  if (typeof body.queryCondition !== 'string' || body.queryCondition.trim() === '') throw badRequest('queryCondition is required.');
  compileQuery(`SELECT * FROM devices WHERE ${body.queryCondition}`);
  let payload: Record<string, unknown>;
  if (body.type === 'scheduleUpdateTwin') {
    const patch = body.updateTwin;
    if (!isJsonObject(patch)) throw badRequest('updateTwin must be a twin patch object.');
    if (patch.tags !== undefined) validateSection('tags', patch.tags, true);
    if (isJsonObject(patch.properties) && patch.properties.desired !== undefined) validateSection('desired', patch.properties.desired, true);
    payload = patch;
  } else if (body.type === 'scheduleDeviceMethod') {
    payload = { ...parseMethodCall(body.cloudToDeviceMethod) };
  } else {
    throw badRequest("type must be 'scheduleUpdateTwin' or 'scheduleDeviceMethod'.");
  }
  const now = new Date();
  let start = now;
  if (body.startTime !== undefined && body.startTime !== null) {
    if (typeof body.startTime !== 'string' || Number.isNaN(Date.parse(body.startTime))) throw badRequest('startTime must be an ISO 8601 time.');
    start = new Date(body.startTime);
  }
  const max = body.maxExecutionTimeInSeconds ?? DEFAULT_MAX_EXECUTION_S;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) throw badRequest('maxExecutionTimeInSeconds must be a positive integer.');
  return {
    jobId,
    type: body.type,
    // The service reports a job waiting for its start time as queued, like one about to run.
    status: 'queued',
    queryCondition: body.queryCondition,
    payload,
    createdTime: now.toISOString(),
    startTime: start.toISOString(),
    endTime: null,
    maxExecutionTimeInSeconds: max,
    failureReason: null,
  };
}

export function jobRoutes(store: JobStore, runner: JobRunner): Route[] {
  return [
    {
      method: 'GET',
      path: '/jobs/v2/query',
      permissions: ['RegistryRead', 'ServiceConnect'],
      quota: 'jobs',
      handle: ({ res, url, header }) => {
        const type = url.searchParams.get('jobType');
        const status = url.searchParams.get('jobStatus');
        const jobs = store.list().filter((j) => (!type || j.type === type) && (!status || (j.status === 'scheduled' ? 'queued' : j.status) === status));
        const offset = Number(header('x-ms-continuation') ?? 0);
        if (!Number.isInteger(offset) || offset < 0) throw badRequest('The continuation token is not one this hub issued.');
        const size = pageSizeOf(header('x-ms-max-item-count'));
        const page = jobs.slice(offset, offset + size);
        const headers: Record<string, string> = offset + size < jobs.length ? { 'x-ms-continuation': String(offset + size) } : {};
        sendJson(res, 200, page.map((job) => presentJob(job, runner)), headers);
      },
    },
    {
      method: 'PUT',
      path: '/jobs/v2/*',
      permissions: ['ServiceConnect'],
      quota: 'jobs',
      handle: async ({ res, params, json }) => {
        const job = parseJob(params[0] as string, await json());
        if (store.get(job.jobId)) throw new HubServiceError(409, 'JobAlreadyExists', `A job with id ${job.jobId} already exists.`);
        runner.submit(job);
        sendJson(res, 200, presentJob(store.get(job.jobId) as JobRecord, runner));
      },
    },
    {
      method: 'GET',
      path: '/jobs/v2/*',
      permissions: ['RegistryRead', 'ServiceConnect'],
      quota: 'jobs',
      handle: ({ res, params }) => {
        const job = store.get(params[0] as string);
        if (!job) throw jobNotFound(params[0] as string);
        sendJson(res, 200, presentJob(job, runner));
      },
    },
    {
      method: 'POST',
      path: '/jobs/v2/*/cancel',
      permissions: ['ServiceConnect'],
      quota: 'jobs',
      handle: ({ res, params }) => {
        const job = runner.cancel(params[0] as string);
        if (!job) throw jobNotFound(params[0] as string);
        sendJson(res, 200, presentJob(job, runner));
      },
    },
  ];
}
