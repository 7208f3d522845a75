import { AppError } from '../../../src-shared/contract/result.ts';
import type { ErrorCode as AppErrorCode } from '../../../src-shared/contract/result.ts';

const BY_STATUS: Record<number, AppErrorCode> = { 400: 'validation', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 412: 'precondition_failed', 429: 'throttled' };

/**
 * A RestError from @azure/digital-twins-core as an AppError: the service's own code and message
 * (they name the property, model or twin at fault), with what was being done.
 */
export function explainAdtError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as { statusCode?: number; code?: string; message?: string };
  const code = e.statusCode !== undefined ? (BY_STATUS[e.statusCode] ?? 'unavailable') : 'unavailable';
  const detail = e.code ? `${e.code}: ${e.message ?? ''}` : (e.message ?? String(error));
  return new AppError(code, `${what} failed: ${detail}`.slice(0, 600));
}
