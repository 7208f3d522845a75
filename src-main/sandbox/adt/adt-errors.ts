import type { ServerResponse } from 'node:http';
import { sendJson } from '../server/http-io.ts';

/**
 * An error answered in the Azure Digital Twins shape `{"error":{"code","message"}}`, which
 * @azure/digital-twins-core turns into a RestError with `statusCode` and `code` (adt-wire.md §6).
 */
export class AdtError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const validationFailed = (message: string) => new AdtError(400, 'ValidationFailed', message);
export const invalidArgument = (message: string) => new AdtError(400, 'InvalidArgument', message);
export const jsonPatchInvalid = (message: string) => new AdtError(400, 'JsonPatchInvalid', message);
export const preconditionFailed = (what: string) =>
  new AdtError(412, 'PreconditionFailed', `The precondition for ${what} failed: the ETag does not match, or the item already exists.`);
export const twinNotFound = (id: string) => new AdtError(404, 'DigitalTwinNotFound', `There is no digital twin instance that exists with the ID ${id}.`);
export const modelNotFound = (id: string) => new AdtError(404, 'ModelNotFound', `There is no Model(s) available that matches the provided id(s) ${id}.`);

export function sendAdtError(res: ServerResponse, error: AdtError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, { 'x-ms-error-code': error.code });
}

/** If-Match / If-None-Match as ADT applies them: `*` matches anything present, else the exact etag. */
export function checkPreconditions(
  headers: { 'if-match'?: string | undefined; 'if-none-match'?: string | undefined },
  currentEtag: string | undefined,
  what: string,
): void {
  const ifMatch = headers['if-match'];
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch !== '*') throw invalidArgument('If-None-Match only accepts *.');
    if (currentEtag !== undefined) throw preconditionFailed(what);
  }
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== currentEtag) throw preconditionFailed(what);
  if (ifMatch === '*' && currentEtag === undefined) throw preconditionFailed(what);
}
