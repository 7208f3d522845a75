import type { ProvisioningServiceClient } from 'azure-iot-provisioning-service';
import { AppError } from '../../../src-shared/contract/result.ts';
import {
  enrollmentInputSchema,
  type EnrollmentInput,
  type EnrollmentKind,
  type EnrollmentView,
} from '../../../src-shared/domain/enrollment.ts';
import type { EventInput, EventLog } from '../event-log/event-log.ts';
import { callDps, httpStatus, type DpsAccess } from './dps-access.ts';
import { diffEnrollments, type FieldChange } from './enrollment-diff.ts';
import { toDocument, toIndexRow, toView, type DpsDocument } from './enrollment-documents.ts';
import type { EnrollmentIndex } from './enrollment-index.ts';
import { assertEnrollmentInput } from './enrollment-validate.ts';

export interface AreaContext {
  access: DpsAccess;
  index: EnrollmentIndex;
  eventLog: EventLog;
}

export type SaveResult = { outcome: 'saved'; enrollment: EnrollmentView } | { outcome: 'conflict'; current: EnrollmentView; changes: FieldChange[] };
export interface RowResult {
  id: string;
  ok: boolean;
  message: string | null;
}

const noun = (kind: EnrollmentKind) => (kind === 'individual' ? 'enrollment' : 'enrollment group');

/** Reads one enrollment or group in full from the service (keys included: main process only). */
export async function readDocument(ctx: AreaContext, profileId: string, kind: EnrollmentKind, id: string): Promise<DpsDocument> {
  const result = await callDps(ctx.access, profileId, `reading ${noun(kind)} ${id}`, (dps): Promise<{ responseBody: unknown }> => (kind === 'individual' ? dps.getIndividualEnrollment(id) : dps.getEnrollmentGroup(id)));
  const doc = result.responseBody as unknown as DpsDocument;
  ctx.index.upsert(profileId, [toIndexRow(kind, doc)]);
  return doc;
}

export async function getEnrollment(ctx: AreaContext, profileId: string, kind: EnrollmentKind, id: string): Promise<EnrollmentView> {
  return toView(kind, await readDocument(ctx, profileId, kind, id));
}

/**
 * Creates (no etag) or replaces (with the etag the form was loaded with). A stale etag comes back
 * as a conflict with the current version and what changed since `loaded`, not as an error.
 */
export async function saveEnrollment(ctx: AreaContext, profileId: string, raw: EnrollmentInput, loaded?: EnrollmentView): Promise<SaveResult> {
  const input = enrollmentInputSchema.parse(raw);
  assertEnrollmentInput(input);
  const { kind, id } = input;
  const creating = !input.etag;
  let doc = toDocument(input);
  if (!creating && input.attestation.type === 'symmetricKey' && !input.attestation.primaryKey) {
    // An edit that does not change the keys keeps the ones the service holds.
    const existing = await readDocument(ctx, profileId, kind, id).catch(() => undefined);
    if (existing?.attestation?.type === 'symmetricKey') doc = { ...doc, attestation: existing.attestation };
  }
  try {
    const result = await callDps(ctx.access, profileId, `${creating ? 'creating' : 'updating'} ${noun(kind)} ${id}`, async (dps): Promise<{ responseBody: unknown }> => {
      if (creating) await assertAbsent(dps, kind, id);
      return kind === 'individual' ? dps.createOrUpdateIndividualEnrollment(doc as never) : dps.createOrUpdateEnrollmentGroup(doc as never);
    });
    const saved = result.responseBody as unknown as DpsDocument;
    ctx.index.upsert(profileId, [toIndexRow(kind, saved)]);
    record(ctx, profileId, kind, id, creating ? 'enrolled' : 'enrollment-changed', { attestation: input.attestation.type, status: input.status });
    return { outcome: 'saved', enrollment: toView(kind, saved) };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'precondition_failed') throw error;
    const current = await getEnrollment(ctx, profileId, kind, id);
    return { outcome: 'conflict', current, changes: loaded ? diffEnrollments(loaded, current) : [] };
  }
}

async function assertAbsent(dps: ProvisioningServiceClient, kind: EnrollmentKind, id: string): Promise<void> {
  try {
    await (kind === 'individual' ? dps.getIndividualEnrollment(id) : dps.getEnrollmentGroup(id));
  } catch (error) {
    if (httpStatus(error) === 404) return;
    throw error;
  }
  throw new AppError('conflict', `An ${noun(kind)} "${id}" already exists`, [{ path: 'id', message: 'Already exists: choose another id, or edit that one', key: 'exists' }]);
}

export async function deleteEnrollment(ctx: AreaContext, profileId: string, kind: EnrollmentKind, id: string, etag?: string): Promise<void> {
  await callDps(ctx.access, profileId, `deleting ${noun(kind)} ${id}`, (dps) =>
    kind === 'individual' ? (etag ? dps.deleteIndividualEnrollment(id, etag) : dps.deleteIndividualEnrollment(id)) : etag ? dps.deleteEnrollmentGroup(id, etag) : dps.deleteEnrollmentGroup(id),
  ).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return; // already gone: the index follows
    throw error;
  });
  ctx.index.remove(profileId, kind, [id]);
  record(ctx, profileId, kind, id, 'enrollment-deleted', {});
}

/** Enables, disables or deletes many, one result per id; a failure does not stop the rest. */
export async function bulkChange(ctx: AreaContext, profileId: string, kind: EnrollmentKind, action: 'enable' | 'disable' | 'delete', ids: string[]): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const id of ids) {
    try {
      if (action === 'delete') await deleteEnrollment(ctx, profileId, kind, id);
      else await setStatus(ctx, profileId, kind, id, action === 'enable' ? 'enabled' : 'disabled');
      results.push({ id, ok: true, message: null });
    } catch (error) {
      results.push({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

async function setStatus(ctx: AreaContext, profileId: string, kind: EnrollmentKind, id: string, status: 'enabled' | 'disabled'): Promise<void> {
  const doc = await readDocument(ctx, profileId, kind, id);
  if (doc.provisioningStatus === status) return;
  const result = await callDps(ctx.access, profileId, `${status === 'enabled' ? 'enabling' : 'disabling'} ${noun(kind)} ${id}`, (dps): Promise<{ responseBody: unknown }> => {
    const next = { ...doc, provisioningStatus: status, registrationState: undefined };
    return kind === 'individual' ? dps.createOrUpdateIndividualEnrollment(next as never) : dps.createOrUpdateEnrollmentGroup(next as never);
  });
  ctx.index.upsert(profileId, [toIndexRow(kind, result.responseBody as unknown as DpsDocument)]);
  record(ctx, profileId, kind, id, 'enrollment-changed', { status });
}

export function record(ctx: AreaContext, profileId: string, kind: EnrollmentKind, id: string, event: EventInput['kind'], detail: Record<string, unknown>): void {
  ctx.eventLog.append(profileId, {
    kind: event,
    source: 'console',
    registrationId: kind === 'individual' ? id : null,
    detail: { ...detail, ...(kind === 'group' ? { enrollmentGroupId: id } : {}) },
  });
}
