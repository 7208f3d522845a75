/**
 * The reply envelope every request channel returns, and the closed set of error codes.
 * Messages are for people and must never contain a secret; codes are for code.
 */
export const ERROR_CODES = [
  'validation', // the payload did not match the channel's schema, or a field is wrong
  'unknown_channel', // no such request channel in the contract
  'forbidden', // the sender is not trusted
  'unauthorized', // the service refused the credentials (wrong key, expired token)
  'not_found',
  'conflict', // already exists
  'precondition_failed', // stale etag
  'throttled',
  'timeout',
  'unavailable', // service or endpoint unreachable
  'unsupported', // the operation is not supported by this target (e.g. sandbox limits)
  'secret_storage_unavailable', // the OS offers no real secret store
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  /** Dotted path to the offending field, '' for the payload itself. */
  path: string;
  /** English text, for logs and for a renderer that has no translation of `key`. */
  message: string;
  /** A stable message id the renderer may translate; `message` is its English rendering. */
  key?: string;
  /** The values `key` interpolates. Never a key or secret: they cross to the renderer like `message`. */
  params?: Record<string, string | number>;
}

export interface ErrorShape {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
  /** As on ErrorDetail: a message id the renderer may translate, `message` being its English text. */
  key?: string;
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorShape };

/** An error that knows its contract code; services throw it, the router turns it into an envelope. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toShape(): ErrorShape {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: ErrorDetail[]): Result<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
