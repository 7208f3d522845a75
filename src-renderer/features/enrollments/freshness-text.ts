import type { TFunction } from 'i18next';
import type { ResponseOf } from '../../../src-shared/contract/index.ts';

type Freshness = ResponseOf<'enrollments:list'>['freshness'];

/** "1,234 in the index · read 3 minutes ago", or where the fill has got to. */
export function freshnessText(t: TFunction, language: string, freshness: Freshness, total: number): string {
  if (freshness.state === 'empty') return t('enrollments.freshness.empty');
  if (freshness.filling || freshness.state === 'filling') return t('enrollments.freshness.filling', { seen: freshness.seen.toLocaleString(language) });
  return t('enrollments.freshness.complete', { count: total, ago: freshness.syncedAt ? ago(language, freshness.syncedAt) : t('enrollments.freshness.never') });
}

function ago(language: string, at: number): string {
  const seconds = Math.round((at - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (Math.abs(seconds) < 60) return format.format(seconds, 'second');
  if (Math.abs(seconds) < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}
