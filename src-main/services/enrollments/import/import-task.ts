import type { ProvisioningServiceClient } from 'azure-iot-provisioning-service';
import type { ConsoleDatabase } from '../../store/console-store.ts';
import type { TaskContext } from '../../tasks/tasks.ts';
import { httpStatus, retryAfterSeconds } from '../dps-access.ts';
import type { AreaContext } from '../enrollment-crud.ts';
import { importedIndexRow, type ImportOptions, type PlannedRow } from './import-plan.ts';

export const IMPORT_TASK_KIND = 'enrollments-import';
/** The service's batch size for bulk enrollment operations. */
export const BULK_BATCH = 10;
/** Bulk calls in flight at once; their results are stored together (one transaction, one fsync). */
export const IMPORT_CONCURRENCY = 8;

interface BulkResult {
  isSuccessful: boolean;
  errors?: { registrationId: string; errorCode: number; errorStatus: string }[];
}

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
 * A few calls run at once; a 429 waits the service's Retry-After and sends the same batch again.
 * The results of a round are stored with the checkpoint past them in one transaction: a cancel
 * or crash resumes at the first batch not recorded.
 */
export function importRunner(ctx: AreaContext, database: (profileId: string) => ConsoleDatabase) {
  return async (input: ImportInput, task: TaskContext<ImportState>) => {
    const db = database(task.profileId);
    const save = db.db.prepare(
      'INSERT INTO enrollment_import_rows (job_id, row, registration_id, outcome, message) VALUES (?, ?, ?, ?, ?) ON CONFLICT (job_id, row) DO UPDATE SET outcome = excluded.outcome, message = excluded.message',
    );
    if (!task.resumeFrom) db.transaction(() => input.invalid.forEach((r) => save.run(task.jobId, r.row, r.registrationId, 'invalid', r.message)));
    /** A batch's answer: each row's outcome, the created ones into the index and the event log — in the caller's transaction. */
    const record = (batch: PlannedRow[], result: BulkResult) => {
      const errors = new Map((result.errors ?? []).map((e) => [e.registrationId, e]));
      const created: PlannedRow[] = [];
      for (const row of batch) {
        const error = errors.get(row.registrationId);
        const exists = error && Math.floor(error.errorCode / 1000) === 409;
        if (!error) created.push(row);
        save.run(task.jobId, row.row, row.registrationId, !error ? 'created' : exists ? 'exists' : 'failed', error && !exists ? error.errorStatus.slice(0, 300) : null);
      }
      ctx.index.upsert(task.profileId, created.map((row) => importedIndexRow(row, input.options)));
      if (!created.length) return;
      ctx.eventLog.appendMany(
        task.profileId,
        created.map((row) => ({ kind: 'enrolled' as const, source: 'console' as const, registrationId: row.registrationId, detail: { via: 'import', file: input.fileName.slice(0, 100), serialNumber: row.serialNumber, customer: row.customer, model: row.model } })),
      );
    };
    const total = input.rows.length;
    let next = task.resumeFrom?.next ?? 0;
    let throttled = 0;
    const counts = () => outcomeCounts(db, task.jobId);
    /** One bulk call; a 429 waits the service's Retry-After and sends the same batch again. Null once cancelled. */
    const send = async (batch: PlannedRow[]): Promise<BulkResult | null> => {
      const enrollments = batch.map((row) => enrollmentDocument(row, input.options));
      for (let dropped = 0; ; ) {
        try {
          return (await ctx.access.run(task.profileId, 'importing enrollments', (dps) => bulkCreate(dps, enrollments), batch.length)) as BulkResult;
        } catch (error) {
          if (httpStatus(error) === 429) {
            throttled++;
            await wait((retryAfterSeconds(error) ?? 1) * 1000, task.signal);
          } else if (isDroppedConnection(error) && dropped++ < 3) {
            // A kept-alive connection the server had just closed: sending again is safe (create mode answers "exists").
            await wait(250 * dropped, task.signal);
          } else throw error;
          if (task.signal.aborted) return null;
        }
      }
    };
    while (next < total && !task.signal.aborted) {
      const batches: PlannedRow[][] = [];
      for (let at = next; at < total && batches.length < IMPORT_CONCURRENCY; at += BULK_BATCH) batches.push(input.rows.slice(at, at + BULK_BATCH));
      const results = await Promise.all(batches.map(send));
      // Only the unbroken run of answered batches is recorded; a resume sends the rest again (and hears "exists" for any that landed).
      const answered = results.findIndex((r) => r === null);
      const settled = batches.slice(0, answered < 0 ? batches.length : answered);
      if (!settled.length) break;
      db.transaction(() => {
        settled.forEach((batch, i) => record(batch, results[i]!));
        next += settled.reduce((n, b) => n + b.length, 0);
        const c = counts();
        task.checkpoint({ next }, { done: next, failed: c.failed, total, summary: { ...c, throttled, file: input.fileName.slice(0, 100) } });
      });
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

function isDroppedConnection(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === 'ECONNRESET' || e?.code === 'EPIPE' || e?.message === 'socket hang up';
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
