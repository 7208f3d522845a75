import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import { presentEnrollment, presentGroup } from './dps-store.ts';
import type { DocumentTable, StoredDocument } from './dps-tables.ts';
import { etagMatches } from './service-request.ts';
import { normalizeEnrollmentGroup, normalizeIndividualEnrollment } from './enrollment-normalize.ts';
import type { EnrollmentGroup, IndividualEnrollment } from './enrollment-model.ts';

/** Create-or-replace rules shared by PUT and bulk: without an etag only a create is allowed. */
export type WriteMode = 'create' | 'createOrReplace' | 'ifMatch';

function checkWrite<T>(existing: StoredDocument<T> | null, mode: WriteMode, condition: string | undefined, what: string, id: string, notFound: number): void {
  if (mode === 'create' && existing) throw new DpsError(DpsErrorCode.conflict, `${what} '${id}' already exists; send its etag in If-Match to replace it.`);
  if (mode === 'ifMatch') {
    if (!existing) throw new DpsError(notFound, `${what} '${id}' does not exist.`);
    if (!condition || !etagMatches(condition, existing.etag)) throw new DpsError(DpsErrorCode.preconditionFailed, `Precondition failed: the etag does not match ${what.toLowerCase()} '${id}'.`);
  }
}

/** What PUT does given its If-Match header. */
export function modeForIfMatch(condition: string | undefined): WriteMode {
  return condition === undefined ? 'create' : 'ifMatch';
}

function sameId(bodyId: unknown, pathId: string | undefined, field: string): void {
  if (pathId !== undefined && bodyId !== undefined && bodyId !== pathId) {
    throw new DpsError(DpsErrorCode.badRequest, `Invalid ${field}: the body says '${String(bodyId).slice(0, 130)}' but the URL says '${pathId}'.`);
  }
}

function bodyField(body: unknown, field: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
}

export function writeIndividualEnrollment(store: DpsStore, body: unknown, pathId: string | undefined, mode: WriteMode, condition: string | undefined, linkedHubs: string[]): Record<string, unknown> {
  sameId(bodyField(body, 'registrationId'), pathId, 'registrationId');
  const withId = pathId !== undefined && typeof body === 'object' && body !== null ? { registrationId: pathId, ...body } : body;
  return store.database.transaction(() => {
    const id = String(bodyField(withId, 'registrationId') ?? '');
    const existing = store.enrollments.get(id);
    const normalized = normalizeIndividualEnrollment(withId, existing?.body, linkedHubs);
    checkWrite(existing, mode, condition, 'Enrollment', normalized.registrationId, DpsErrorCode.enrollmentNotFound);
    const etag = store.enrollments.put(normalized.registrationId, normalized, normalized.attestation.type);
    return presentEnrollment(store, { id: normalized.registrationId, body: normalized, etag });
  });
}

export function writeEnrollmentGroup(store: DpsStore, body: unknown, pathId: string, mode: WriteMode, condition: string | undefined, linkedHubs: string[]): Record<string, unknown> {
  sameId(bodyField(body, 'enrollmentGroupId'), pathId, 'enrollmentGroupId');
  const withId = typeof body === 'object' && body !== null ? { enrollmentGroupId: pathId, ...body } : body;
  return store.database.transaction(() => {
    const existing = store.groups.get(pathId);
    const normalized = normalizeEnrollmentGroup(withId, existing?.body, linkedHubs);
    checkWrite(existing, mode, condition, 'Enrollment group', pathId, DpsErrorCode.enrollmentGroupNotFound);
    const etag = store.groups.put(pathId, normalized, normalized.attestation.type);
    return presentGroup({ id: pathId, body: normalized, etag });
  });
}

export function getOrThrow<T>(table: DocumentTable<T>, id: string, what: string, errorCode: number): StoredDocument<T> {
  const found = table.get(id);
  if (!found) throw new DpsError(errorCode, `${what} '${id}' does not exist.`);
  return found;
}

/** DELETE with optional If-Match; an individual enrollment takes its registration state with it. */
export function deleteDocument<T>(store: DpsStore, table: DocumentTable<T>, id: string, condition: string | undefined, what: string, errorCode: number): void {
  store.database.transaction(() => {
    const existing = getOrThrow(table, id, what, errorCode);
    if (condition !== undefined && !etagMatches(condition, existing.etag)) {
      throw new DpsError(DpsErrorCode.preconditionFailed, `Precondition failed: the etag does not match ${what.toLowerCase()} '${id}'.`);
    }
    table.delete(id);
    if ((table as unknown) === store.enrollments) {
      const registration = store.registrations.get(id);
      if (registration && registration.body.enrollmentGroupId === undefined) store.registrations.delete(id);
    }
  });
}

export type { EnrollmentGroup, IndividualEnrollment };
