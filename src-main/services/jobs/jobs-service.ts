import { randomUUID } from 'node:crypto';
import type { DeviceJobResult, Job, ScheduleJobRequest } from '../../../src-shared/contract/channels/jobs.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { twinPatchProblems } from '../../../src-shared/domain/twin-limits.ts';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import type { ActiveProfiles } from '../devices/devices-service.ts';
import { hubError } from '../devices/hub-error.ts';
import type { EventLog } from '../event-log/event-log.ts';
import { deviceJobResult, jobFromService } from './job-json.ts';

export interface JobsServiceOptions {
  profiles: ActiveProfiles;
  eventLog: EventLog;
}

type Scheduled = Required<Pick<ScheduleJobRequest, 'maxExecutionTimeInSeconds'>> & ScheduleJobRequest;

const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Jobs v2 over the active profile's hubs through the SDK's JobClient, recorded as job-run events. */
export class JobsService {
  private readonly options: JobsServiceOptions;

  constructor(options: JobsServiceOptions) {
    this.options = options;
  }

  /** How many devices a job with this condition would touch now. */
  async preview(hubHost: string, condition: string): Promise<{ matching: number }> {
    return this.run('counting the devices a job would touch', hubHost, async (clients) => {
      const page = await clients.registry(hubHost).createQuery(`SELECT COUNT() AS matching FROM devices WHERE ${condition}`, 1).next();
      const row = ((page.result ?? []) as Array<{ matching?: number }>)[0];
      return { matching: row?.matching ?? 0 };
    });
  }

  async schedule(request: Scheduled): Promise<Job> {
    const jobId = request.jobId ?? `job-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    const start = request.startTime ? new Date(request.startTime) : new Date();
    const { action } = request;
    let methodPayload: unknown = null;
    if (action.type === 'twin') {
      if (!action.tags && !action.desired) throw new AppError('validation', 'A twin update job needs tags or desired properties', [{ path: 'action', message: 'Give tags or desired properties' }]);
      const problems = twinPatchProblems({ tags: action.tags, properties: action.desired ? { desired: action.desired } : undefined });
      if (problems.length > 0) throw new AppError('validation', `The patch was not sent: ${problems.map((p) => p.message).join('; ')}`, problems.map((p) => ({ path: `action.${p.path}`, message: p.message })));
    } else if (action.payload?.trim()) {
      try {
        methodPayload = JSON.parse(action.payload) as unknown;
      } catch {
        throw new AppError('validation', 'The method payload is not JSON', [{ path: 'action.payload', message: 'The payload must be JSON (or empty)' }]);
      }
    }
    const job = await this.run(`scheduling job ${jobId}`, request.hubHost, async (clients) => {
      const jobs = clients.jobClient(request.hubHost);
      const answer =
        action.type === 'twin'
          ? await jobs.scheduleTwinUpdate(jobId, request.condition, { etag: '*', ...(action.tags ? { tags: action.tags } : {}), ...(action.desired ? { properties: { desired: action.desired } } : {}) }, start, request.maxExecutionTimeInSeconds)
          : await jobs.scheduleDeviceMethod(jobId, request.condition, { methodName: action.methodName, payload: methodPayload, responseTimeoutInSeconds: action.responseTimeoutInSeconds ?? 30 }, start, request.maxExecutionTimeInSeconds);
      return jobFromService(answer.jobStatus as Record<string, unknown>);
    });
    this.options.eventLog.append(await this.options.profiles.activeId(), {
      kind: 'job-run',
      source: 'console',
      hubHost: request.hubHost,
      outcome: 'ok',
      detail: { jobId, type: job.type, condition: request.condition.slice(0, 500), startTime: start.toISOString(), ...(action.type === 'method' ? { methodName: action.methodName } : {}) },
    });
    return job;
  }

  async list(hubHost: string): Promise<Job[]> {
    return this.run('listing jobs', hubHost, async (clients) => {
      const query = clients.jobClient(hubHost).createQuery(undefined, undefined, 100);
      const jobs: Job[] = [];
      do {
        // next() without an argument asks for the first page again: the SDK keeps the token but does not send it.
        const page = await (query.continuationToken ? query.next(query.continuationToken) : query.next());
        for (const raw of (page.result ?? []) as Record<string, unknown>[]) jobs.push(jobFromService(raw));
      } while (query.hasMoreResults && jobs.length < 1000);
      return jobs.sort((a, b) => (b.createdTime ?? '').localeCompare(a.createdTime ?? ''));
    });
  }

  async get(hubHost: string, jobId: string): Promise<Job> {
    return this.run(`reading job ${jobId}`, hubHost, async (clients) => jobFromService((await clients.jobClient(hubHost).getJob(jobId)).jobStatus as Record<string, unknown>));
  }

  async cancel(hubHost: string, jobId: string): Promise<Job> {
    return this.run(`cancelling job ${jobId}`, hubHost, async (clients) => jobFromService((await clients.jobClient(hubHost).cancelJob(jobId)).jobStatus as Record<string, unknown>));
  }

  /** Per-device results through `devices.jobs`; a hub that refuses the query is said in `message`. */
  async results(hubHost: string, jobId: string): Promise<{ results: DeviceJobResult[]; supported: boolean; message: string | null }> {
    try {
      return await this.run(`reading the results of job ${jobId}`, hubHost, async (clients) => {
        const query = clients.registry(hubHost).createQuery(`SELECT * FROM devices.jobs WHERE devices.jobs.jobId = ${quoted(jobId)}`, 1000);
        const results: DeviceJobResult[] = [];
        do {
          const page = await (query.continuationToken ? query.next(query.continuationToken) : query.next());
          for (const raw of (page.result ?? []) as Record<string, unknown>[]) results.push(deviceJobResult(raw));
        } while (query.hasMoreResults && results.length < 10_000);
        return { results, supported: true, message: null };
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') return { results: [], supported: false, message: error.message };
      throw error;
    }
  }

  private run<T>(what: string, hubHost: string, call: (clients: AzureClientFactory) => Promise<T>): Promise<T> {
    return this.options.profiles.useActive(
      what,
      async (clients) => {
        try {
          return await call(clients);
        } catch (error) {
          throw hubError(error, hubHost, what);
        }
      },
      hubHost,
    );
  }
}
