import type { DeviceJobRow } from './job-store.ts';

/** A devices.jobs row's status: the device's own, except that a cancelled job's unfinished devices read cancelled. */
function statusOf(row: DeviceJobRow): string {
  if (row.jobStatus === 'cancelled' && (row.status === 'pending' || row.status === 'running')) return 'cancelled';
  return row.status;
}

/** `{ error: { code, description } }` as stored; rows written before the code was kept held a bare text. */
function errorOf(outcome: unknown): { code: string; description: string } | undefined {
  if (typeof outcome !== 'object' || outcome === null || !('error' in outcome)) return undefined;
  const error = (outcome as { error: unknown }).error;
  if (typeof error === 'string') return { code: 'DeviceJobFailed', description: error };
  if (typeof error === 'object' && error !== null) {
    const { code, description } = error as { code?: unknown; description?: unknown };
    return { code: String(code ?? 'DeviceJobFailed'), description: String(description ?? '') };
  }
  return undefined;
}

/**
 * One row of `SELECT * FROM devices.jobs`, in the service's shape (the twin's `jobs` collection:
 * deviceId, jobId, jobType, status, the four UTC times, outcome.deviceMethodResponse, error).
 */
export function presentDeviceJob(row: DeviceJobRow): Record<string, unknown> {
  const error = errorOf(row.outcome);
  const methodResponse =
    typeof row.outcome === 'object' && row.outcome !== null && 'deviceMethodResponse' in row.outcome ? (row.outcome as { deviceMethodResponse: unknown }).deviceMethodResponse : null;
  return {
    deviceId: row.deviceId,
    jobId: row.jobId,
    jobType: row.jobType,
    status: statusOf(row),
    ...(row.startTime ? { startTimeUtc: row.startTime } : {}),
    ...(row.endTime ? { endTimeUtc: row.endTime } : {}),
    createdDateTimeUtc: row.createdTime,
    lastUpdatedDateTimeUtc: row.updatedTime,
    outcome: { deviceMethodResponse: methodResponse ?? null },
    ...(error ? { error } : {}),
  };
}
