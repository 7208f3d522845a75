import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { sendJson } from '../server/http-io.ts';
import type { DeviceCredential } from './attestation.ts';
import { deviceCredential } from './device-credential.ts';
import { retryAfterSeconds } from './device-requests.ts';
import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type { RegistrationService } from './registration.ts';
import { readJson } from './service-request.ts';

/**
 * `/<idScope>/registrations/<registrationId>/register`, `.../operations/<operationId>`, and the
 * status lookup `POST /<idScope>/registrations/<registrationId>` (a device asking where it was assigned).
 */
const ROUTE = /^\/([^/]+)\/registrations\/([^/]+)(?:\/(register|operations\/([^/]+)))?$/;

export function isDeviceRegistrationPath(pathname: string): boolean {
  return ROUTE.test(pathname);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DpsError(DpsErrorCode.badRequest, 'The URL is not correctly percent-encoded.');
  }
}

/**
 * DPS device registration over HTTPS, as the SDK's HTTP transport and a plain client (curl on a
 * Pi) call it: PUT register → 202 {operationId, status: assigning} with retry-after, then GET the
 * operation until it is assigned (200).
 */
export async function handleDeviceRequest(
  registrations: RegistrationService,
  idScope: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const match = ROUTE.exec(url.pathname);
  if (!match) throw new DpsError(DpsErrorCode.notFound, 'No such resource.');
  if (decode(match[1] ?? '') !== idScope) throw new DpsError(DpsErrorCode.unauthorized, 'Unauthorized: unknown id scope.');
  const registrationId = decode(match[2] ?? '');
  const authorization = req.headers.authorization;
  let credential: DeviceCredential = deviceCredential(authorization, req.socket as TLSSocket);
  if (match[3] === 'register') {
    if (req.method !== 'PUT') throw new DpsError(DpsErrorCode.methodNotAllowed, 'Use PUT to register.');
    const body = (await readJson(req)) as { registrationId?: unknown; payload?: unknown; tpm?: unknown } | undefined;
    if (body !== undefined && (typeof body !== 'object' || body === null)) throw new DpsError(DpsErrorCode.badRequest, 'Register body must be a JSON object.');
    if (body?.registrationId !== undefined && body.registrationId !== registrationId) {
      throw new DpsError(DpsErrorCode.badRequest, 'The registrationId in the body does not match the URL.');
    }
    if (body?.tpm !== undefined && credential.kind === 'none') credential = { kind: 'tpm' };
    const status = await registrations.register(registrationId, body?.payload, credential);
    sendJson(res, 202, { operationId: status.operationId, status: 'assigning' }, { 'retry-after': String(retryAfterSeconds(status)) });
    return;
  }
  if (match[3] === undefined) {
    if (req.method !== 'POST') throw new DpsError(DpsErrorCode.methodNotAllowed, 'Use POST to look up a registration.');
    registrations.checkCredential(registrationId, credential);
    sendJson(res, 200, registrations.registrationStatus(registrationId));
    return;
  }
  if (req.method !== 'GET') throw new DpsError(DpsErrorCode.methodNotAllowed, 'Use GET to read an operation.');
  registrations.checkCredential(registrationId, credential);
  const status = registrations.operationStatus(registrationId, decode(match[4] ?? ''));
  if (status.status === 'assigning') sendJson(res, 202, status, { 'retry-after': String(retryAfterSeconds(status)) });
  else sendJson(res, 200, status);
}
