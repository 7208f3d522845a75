import type { ErrorCode, ErrorDetail, ErrorShape } from '../../src-shared/contract/result.ts';

/** A failed request as the renderer sees it: the contract's code, a message for people, field details. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** A message id the renderer may translate (see app/i18n/error-text.ts); `message` stays English. */
  readonly key: string | undefined;
  readonly params: Record<string, string | number> | undefined;

  constructor(shape: ErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.details = shape.details ?? [];
    this.key = shape.key;
    this.params = shape.params;
  }

  /** The message for one form field (dotted path), so a form can say which field is wrong. */
  detailFor(path: string): string | undefined {
    return this.detail(path)?.message;
  }

  /** The whole detail for one field, key included, for a caller that translates it. */
  detail(path: string): ErrorDetail | undefined {
    return this.details.find((d) => d.path === path);
  }
}

/** Turns anything thrown at the renderer into an ApiError, so callers handle one kind of failure. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ code: 'internal', message });
}
