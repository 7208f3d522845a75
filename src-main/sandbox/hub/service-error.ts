import type { ServerResponse } from 'node:http';
import { sendJson } from '../server/http-io.ts';

/**
 * An error the hub answers with the service's status and body shape, so azure-iothub's
 * translateError raises the same error type it raises against Azure (azure-wire.md §1.4).
 */
export class HubServiceError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const badRequest = (message: string, code = 'ArgumentInvalid') => new HubServiceError(400, code, message);
export const deviceNotFound = (deviceId: string) => new HubServiceError(404, 'DeviceNotFound', `Device ${deviceId} not found.`);
export const preconditionFailed = (message = 'Precondition failed: the etag does not match.') =>
  new HubServiceError(412, 'PreconditionFailed', message);

/** Writes `{"Message":"ErrorCode:<Code>;<text>","ExceptionMessage":…}`; the SDK splits Message on ';'. */
export function sendServiceError(res: ServerResponse, error: HubServiceError): void {
  const text = error.message.replace(/;/g, ',');
  sendJson(
    res,
    error.status,
    { Message: `ErrorCode:${error.code};${text}`, ExceptionMessage: `Tracking ID:sandbox-${Date.now().toString(36)}-UTC:${new Date().toISOString()}` },
    { 'iothub-errorcode': error.code, ...error.headers },
  );
}
