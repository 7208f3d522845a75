import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import { deleteDocument, writeIndividualEnrollment } from './enrollment-operations.ts';

interface BulkError {
  registrationId: string;
  errorCode: number;
  errorStatus: string;
}

const MODES = ['create', 'update', 'updateIfMatchEtag', 'delete'] as const;
type BulkMode = (typeof MODES)[number];

/** The service caps one bulk request; beyond it the whole request is refused. */
export const MAX_BULK_ENROLLMENTS = 10_000;

/**
 * POST /enrollments/ — each item succeeds or fails on its own (a savepoint each), all in one
 * transaction so the acknowledged answer is on disk before it is sent.
 */
/** The service refuses a bulk request naming one registration id twice as a whole: 400, nothing written. */
function refuseDuplicates(enrollments: unknown[]): void {
  const seen = new Set<string>();
  for (const item of enrollments) {
    const id = typeof item === 'object' && item !== null ? (item as { registrationId?: unknown }).registrationId : undefined;
    if (typeof id !== 'string') continue;
    const key = id.toLowerCase();
    if (seen.has(key)) throw new DpsError(DpsErrorCode.badRequest, `Invalid enrollments: registration id '${id.slice(0, 128)}' appears more than once in one bulk operation.`);
    seen.add(key);
  }
}

export function runBulkOperation(store: DpsStore, body: unknown, linkedHubs: string[]): { isSuccessful: boolean; errors: BulkError[] } {
  if (typeof body !== 'object' || body === null) throw new DpsError(DpsErrorCode.badRequest, 'Bulk operation body must be {"mode": ..., "enrollments": [...]}.');
  const { mode, enrollments } = body as { mode?: unknown; enrollments?: unknown };
  if (typeof mode !== 'string' || !MODES.includes(mode as BulkMode)) {
    throw new DpsError(DpsErrorCode.badRequest, `Invalid mode: must be one of ${MODES.join(', ')}.`);
  }
  if (!Array.isArray(enrollments) || enrollments.length === 0) throw new DpsError(DpsErrorCode.badRequest, 'Invalid enrollments: a non-empty array is required.');
  if (enrollments.length > MAX_BULK_ENROLLMENTS) throw new DpsError(DpsErrorCode.badRequest, `Invalid enrollments: at most ${MAX_BULK_ENROLLMENTS} per bulk operation.`);
  refuseDuplicates(enrollments as unknown[]);
  const errors: BulkError[] = [];
  store.database.transaction(() => {
    for (const item of enrollments as unknown[]) {
      const registrationId = typeof item === 'object' && item !== null ? String((item as { registrationId?: unknown }).registrationId ?? '') : '';
      const etag = typeof item === 'object' && item !== null ? (item as { etag?: unknown }).etag : undefined;
      try {
        store.database.transaction(() => {
          switch (mode as BulkMode) {
            case 'create':
              writeIndividualEnrollment(store, item, undefined, 'create', undefined, linkedHubs);
              break;
            case 'update':
              writeIndividualEnrollment(store, item, undefined, 'createOrReplace', undefined, linkedHubs);
              break;
            case 'updateIfMatchEtag':
              writeIndividualEnrollment(store, item, undefined, 'ifMatch', typeof etag === 'string' ? etag : '', linkedHubs);
              break;
            case 'delete':
              deleteDocument(store, store.enrollments, registrationId, typeof etag === 'string' ? etag : undefined, 'Enrollment', DpsErrorCode.enrollmentNotFound);
              break;
          }
        });
      } catch (error) {
        if (!(error instanceof DpsError)) throw error;
        errors.push({ registrationId, errorCode: error.errorCode, errorStatus: error.message });
      }
    }
  });
  return { isSuccessful: errors.length === 0, errors };
}
