import type { DeviceJobResult, Job } from '../../../src-shared/contract/channels/jobs.ts';
import { JOB_STATUSES } from '../../../src-shared/contract/channels/jobs.ts';

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** A job as the hub's jobs v2 API returns it, in the console's shape. */
export function jobFromService(raw: Record<string, unknown>): Job {
  const stats = (raw.deviceJobStatistics ?? {}) as Record<string, unknown>;
  const status = JOB_STATUSES.includes(raw.status as never) ? (raw.status as Job['status']) : 'unknown';
  const detail = raw.type === 'scheduleDeviceMethod' ? raw.cloudToDeviceMethod : raw.updateTwin;
  return {
    jobId: String(raw.jobId),
    type: raw.type === 'scheduleDeviceMethod' ? 'scheduleDeviceMethod' : 'scheduleUpdateTwin',
    status,
    queryCondition: String(raw.queryCondition ?? ''),
    createdTime: str(raw.createdTime),
    startTime: str(raw.startTime),
    endTime: str(raw.endTime),
    maxExecutionTimeInSeconds: typeof raw.maxExecutionTimeInSeconds === 'number' ? raw.maxExecutionTimeInSeconds : null,
    failureReason: str(raw.failureReason),
    statistics: {
      deviceCount: num(stats.deviceCount),
      succeededCount: num(stats.succeededCount),
      failedCount: num(stats.failedCount),
      pendingCount: num(stats.pendingCount),
      runningCount: num(stats.runningCount),
    },
    detail: JSON.stringify(detail ?? null),
  };
}

/** One row of `SELECT * FROM devices.jobs`. */
export function deviceJobResult(raw: Record<string, unknown>): DeviceJobResult {
  // A failed device carries `error` beside an empty outcome: the error is what the operator needs.
  const outcome = raw.error ?? raw.outcome ?? null;
  return { deviceId: String(raw.deviceId ?? ''), status: String(raw.status ?? ''), startTime: str(raw.startTimeUtc), endTime: str(raw.endTimeUtc), outcome: outcome === null ? null : JSON.stringify(outcome) };
}
