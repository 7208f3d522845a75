import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from '../server/http-io.ts';

/**
 * DPS error codes as the service reports them: the HTTP status followed by a three-digit detail.
 * The Node service SDK cannot parse this body shape (it looks for `Message`), so it decides the
 * error type by status alone — exactly what it does against Azure.
 */
export const DpsErrorCode = {
  badRequest: 400004,
  invalidRegistrationId: 400204,
  invalidApiVersion: 400001,
  unsupportedAttestation: 400209,
  customAllocationFailed: 400207,
  unauthorized: 401002,
  notFound: 404001,
  enrollmentNotFound: 404201,
  enrollmentGroupNotFound: 404202,
  registrationNotFound: 404203,
  operationNotFound: 404204,
  methodNotAllowed: 405001,
  conflict: 409201,
  preconditionFailed: 412002,
  payloadTooLarge: 413001,
  throttled: 429001,
  internal: 500001,
} as const;

export class DpsError extends Error {
  readonly status: number;
  readonly errorCode: number;
  readonly headers: Record<string, string>;

  constructor(errorCode: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.errorCode = errorCode;
    this.status = Math.floor(errorCode / 1000);
    this.headers = headers;
  }
}

export function errorBody(error: DpsError): Record<string, unknown> {
  return { errorCode: error.errorCode, trackingId: randomUUID(), message: error.message, timestampUtc: new Date().toISOString() };
}

export function sendDpsError(res: ServerResponse, error: DpsError): void {
  sendJson(res, error.status, errorBody(error), error.headers);
}
