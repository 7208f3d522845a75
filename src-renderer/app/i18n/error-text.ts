import type { i18n as I18n } from 'i18next';
import type { ErrorCode } from '../../../src-shared/contract/result.ts';

/** What the main process says about a failure or a field: English text, optionally a message key and its values. */
export interface Said {
  message: string;
  key?: string | undefined;
  params?: Record<string, string | number> | undefined;
}

/**
 * The text of a main-process message in the console's language: its key's translation when the
 * resources have one, else the English text it came with (new or unkeyed messages still read).
 */
export function detailText(i18n: I18n, said: Said): string {
  const id = said.key ? `errors.detail.${said.key}` : null;
  return id && i18n.exists(id) ? i18n.t(id, said.params ?? {}) : said.message;
}

/** A short localized headline for an error code, e.g. "Not found". */
export function codeHeadline(i18n: I18n, code: ErrorCode): string {
  return i18n.t(`errors.code.${code}`);
}

/**
 * The text of a failed request. A translated message stands alone; an untranslated one keeps its
 * English text, led by the localized headline of its code when the console is not in English, so a
 * Japanese operator still reads what kind of failure it is.
 */
export function errorText(i18n: I18n, error: Said & { code: ErrorCode }): string {
  const text = detailText(i18n, error);
  if (text !== error.message || (i18n.resolvedLanguage ?? i18n.language ?? 'en').startsWith('en')) return text;
  return i18n.t('errors.headlineWithMessage', { headline: codeHeadline(i18n, error.code), message: text });
}

/** A form's message for one field when the error names it, else the text of the whole error. */
export function fieldOrErrorText(i18n: I18n, error: Said & { code: ErrorCode; details: readonly (Said & { path: string })[] }, path: string): string {
  const detail = error.details.find((d) => d.path === path);
  return detail ? detailText(i18n, detail) : errorText(i18n, error);
}
