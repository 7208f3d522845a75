import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendEmpty, sendJson } from '../server/http-io.ts';
import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import type { DocumentTable } from './dps-tables.ts';
import type { EnrollmentCommon } from './enrollment-model.ts';
import { presentEnrollment, presentGroup, presentRegistrationState } from './dps-store.ts';
import { deleteDocument, getOrThrow, modeForIfMatch, writeEnrollmentGroup, writeIndividualEnrollment } from './enrollment-operations.ts';
import { presentAttestation } from './enrollment-normalize.ts';
import { runBulkOperation } from './service-bulk.ts';
import type { ServiceCredentials } from './service-request.ts';
import { checkApiVersion, checkServiceAuthorization, continuationHeaders, ifMatch, pageRequest, queryBody, readJson } from './service-request.ts';

export interface ServiceApiContext {
  store: DpsStore;
  credentials: ServiceCredentials;
  linkedHubs: () => string[];
  /** Quota check for service operations; throws a 429 DpsError when over. */
  chargeOperation: () => void;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DpsError(DpsErrorCode.badRequest, 'The URL is not correctly percent-encoded.');
  }
}

function methodNotAllowed(req: IncomingMessage): never {
  throw new DpsError(DpsErrorCode.methodNotAllowed, `${req.method ?? ''} is not allowed on this resource.`);
}

/** Whether a path belongs to the service API (the rest of the DPS host is device registration). */
export function isServicePath(pathname: string): boolean {
  return /^\/(enrollments|enrollmentgroups|registrations)(\/|$)/i.test(pathname);
}

/** The DPS service REST API (api-version 2021-10-01) as the ProvisioningServiceClient calls it. */
export async function handleServiceRequest(context: ServiceApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  checkServiceAuthorization(req, context.credentials);
  checkApiVersion(url);
  context.chargeOperation();
  const { store } = context;
  const segments = url.pathname.split('/').slice(1);
  const [collection = '', rawId, action, extra] = segments;
  if (extra !== undefined) throw new DpsError(DpsErrorCode.notFound, 'No such resource.');
  const id = rawId === undefined || rawId === '' ? undefined : decodeSegment(rawId);
  const method = req.method ?? 'GET';
  const kind = collection.toLowerCase();
  const body = method === 'PUT' || method === 'POST' ? await readJson(req) : undefined;

  if (kind === 'enrollments' || kind === 'enrollmentgroups') {
    const isGroup = kind === 'enrollmentgroups';
    // Both tables hold documents with an attestation; the handlers below only need that much.
    const table = (isGroup ? store.groups : store.enrollments) as unknown as DocumentTable<EnrollmentCommon>;
    const what = isGroup ? 'Enrollment group' : 'Enrollment';
    const notFound = isGroup ? DpsErrorCode.enrollmentGroupNotFound : DpsErrorCode.enrollmentNotFound;
    if (id === undefined) {
      if (method === 'POST' && !isGroup) return sendJson(res, 200, runBulkOperation(store, body, context.linkedHubs()));
      methodNotAllowed(req);
    }
    if (id === 'query' && action === undefined) {
      if (method !== 'POST') methodNotAllowed(req);
      queryBody(body);
      const page = pageRequest(req);
      const rows = isGroup ? store.groups.page(page.after, page.pageSize) : store.enrollments.page(page.after, page.pageSize);
      const items = isGroup ? rows.map((row) => presentGroup(row as never)) : rows.map((row) => presentEnrollment(store, row as never));
      return sendJson(res, 200, items, continuationHeaders(rows.at(-1)?.id, rows.length, page.pageSize));
    }
    if (action !== undefined) {
      if (action.toLowerCase() !== 'attestationmechanism') throw new DpsError(DpsErrorCode.notFound, 'No such resource.');
      if (method !== 'POST') methodNotAllowed(req);
      return sendJson(res, 200, presentAttestation(getOrThrow(table, id, what, notFound).body.attestation));
    }
    switch (method) {
      case 'GET': {
        const found = getOrThrow(table, id, what, notFound);
        return sendJson(res, 200, isGroup ? presentGroup(found as never) : presentEnrollment(store, found as never));
      }
      case 'PUT': {
        const condition = ifMatch(req);
        const written = isGroup
          ? writeEnrollmentGroup(store, body, id, modeForIfMatch(condition), condition, context.linkedHubs())
          : writeIndividualEnrollment(store, body, id, modeForIfMatch(condition), condition, context.linkedHubs());
        return sendJson(res, 200, written);
      }
      case 'DELETE':
        deleteDocument(store, table, id, ifMatch(req), what, notFound);
        return sendEmpty(res, 204);
      default:
        methodNotAllowed(req);
    }
  }

  if (kind === 'registrations' && id !== undefined) {
    if (action === 'query') {
      if (method !== 'POST') methodNotAllowed(req);
      queryBody(body);
      const page = pageRequest(req);
      const rows = store.registrations.page(page.after, page.pageSize, id);
      return sendJson(res, 200, rows.map(presentRegistrationState), continuationHeaders(rows.at(-1)?.id, rows.length, page.pageSize));
    }
    if (action !== undefined) throw new DpsError(DpsErrorCode.notFound, 'No such resource.');
    if (method === 'GET') return sendJson(res, 200, presentRegistrationState(getOrThrow(store.registrations, id, 'Registration', DpsErrorCode.registrationNotFound)));
    if (method === 'DELETE') {
      deleteDocument(store, store.registrations, id, ifMatch(req), 'Registration', DpsErrorCode.registrationNotFound);
      return sendEmpty(res, 204);
    }
    methodNotAllowed(req);
  }
  throw new DpsError(DpsErrorCode.notFound, 'No such resource.');
}
