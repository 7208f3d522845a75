import type { ProvisioningServiceClient } from 'azure-iot-provisioning-service';
import type { ConsoleDatabase } from '../../store/console-store.ts';
import type { TaskContext } from '../../tasks/tasks.ts';
import { httpStatus, retryAfterSeconds } from '../dps-access.ts';
import type { AreaContext } from '../enrollment-crud.ts';
import { importedIndexRow, type ImportOptions, type PlannedRow } from './import-plan.ts';

export const IMPORT_TASK_KIND = 'enrollments-import';
/** The service's batch size for bulk enrollment operations. */
export const BULK_BATCH = 10;

export interface ImportInput {
  fileName: string;
  options: ImportOptions;
  rows: PlannedRow[];
  /** Rows the preview refused, recorded with the results so the export lists every row. */
  invalid: { row: number; registrationId: string | null; message: string }[];
}

export interface ImportState {
  next: number;
}

export type RowOutcome = 'created' | 'exists' | 'failed' | 'invalid';

/**
 * The import task: rows go to the DPS bulk API ten at a time in `create` mode, so a row that is
 * already there (a re-run, a resumed batch) comes back as "exists" and is never created twice.
 * A 429 waits the service's Retry-After and sends the same batch again. Each batch's results are
 * stored, then the checkpoint moves past it: a cancel or crash resumes at the first unsent batch.
 */
export function importRunner(ctx: AreaContext, database: (profileId: string) => ConsoleDatabase) {
  return async (input: ImportInput, task: TaskContext<ImportState>) => {
    const db = database(task.profileId);
    const save = db.db.prepare(
      'INSERT INTO enrollment_import_rows (job_id, row, registration_id, outcome, message) VALUES (?, ?, ?, ?, ?) ON CONFLICT (job_id, row) DO UPDATE SET outcome = excluded.outcome, message = excluded.message',
    );
    if (!task.resumeFrom) db.transaction(() => input.invalid.forEach((r) => save.run(task.jobId, r.row, r.registrationId, 'invalid', r.message)));
    const total = input.rows.length;
    let next = task.resumeFrom?.next ?? 0;
    let throttled = 0;
    const counts = () => outcomeCounts(db, task.jobId);
    while (next < total && !task.signal.aborted) {
      const batch = input.rows.slice(next, next + BULK_BATCH);
      const enrollments = batch.map((row) => enrollmentDocument(row, input.options));
      let result: { isSuccessful: boolean; errors?: { registrationId: string; errorCode: number; errorStatus: string }[] };
      try {
        result = (await ctx.access.run(task.profileId, 'importing enrollments', (dps) => bulkCreate(dps, enrollments), batch.length)) as never;
      } catch (error) {
        if (httpStatus(error) === 429) {
          throttled++;
          await wait((retryAfterSeconds(error) ?? 1) * 1000, task.signal);
          continue;
        }
        throw error;
      }
      const errors = new Map((result.errors ?? []).map((e) => [e.registrationId, e]));
      const created: PlannedRow[] = [];
      db.transaction(() => {
        for (const row of batch) {
          const error = errors.get(row.registrationId);
          const exists = error && Math.floor(error.errorCode / 1000) === 409;
          if (!error) created.push(row);
          save.run(task.jobId, row.row, row.registrationId, !error ? 'created' : exists ? 'exists' : 'failed', error && !exists ? error.errorStatus.slice(0, 300) : null);
        }
      });
      ctx.index.upsert(task.profileId, created.map((row) => importedIndexRow(row, input.options)));
      if (created.length) {
        ctx.eventLog.appendMany(
          task.profileId,
          created.map((row) => ({ kind: 'enrolled' as const, source: 'console' as const, registrationId: row.registrationId, detail: { via: 'import', file: input.fileName.slice(0, 100), serialNumber: row.serialNumber, customer: row.customer, model: row.model } })),
        );
      }
      next += batch.length;
      const c = counts();
      task.checkpoint({ next }, { done: next, failed: c.failed, total, summary: { ...c, throttled, file: input.fileName.slice(0, 100) } });
    }
    return { ...counts(), throttled, file: input.fileName.slice(0, 100) };
  };
}

export function outcomeCounts(db: ConsoleDatabase, jobId: string): Record<RowOutcome, number> {
  const counts: Record<RowOutcome, number> = { created: 0, exists: 0, failed: 0, invalid: 0 };
  for (const row of db.db.prepare('SELECT outcome, COUNT(*) AS n FROM enrollment_import_rows WHERE job_id = ? GROUP BY outcome').all(jobId) as { outcome: RowOutcome; n: number }[]) {
    counts[row.outcome] = Number(row.n);
  }
  return counts;
}

function enrollmentDocument(row: PlannedRow, options: ImportOptions) {
  return {
    registrationId: row.registrationId,
    ...(row.deviceId ? { deviceId: row.deviceId } : {}),
    attestation: { type: 'symmetricKey', symmetricKey: {} },
    provisioningStatus: options.status ?? 'enabled',
    allocationPolicy: options.allocationPolicy ?? 'hashed',
    ...(options.iotHubs?.length ? { iotHubs: options.iotHubs } : {}),
    initialTwin: { tags: row.tags, properties: { desired: {} } },
  };
}

/**
 * The bulk call in its callback form: the SDK's promise form never settles (azure-iot-provisioning-service
 * 1.x calls back only when a callback was passed), so the promise is made here.
 */
function bulkCreate(dps: ProvisioningServiceClient, enrollments: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    dps.runBulkEnrollmentOperation({ mode: 'create', enrollments } as never, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
