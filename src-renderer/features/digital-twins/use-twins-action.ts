import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { detailText } from '../../app/i18n/error-text.ts';

/** Runs one action with a busy flag; failures become a notification in the operator's language. */
export function useTwinsAction() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = async <T,>(action: () => Promise<T>, success?: (value: T) => string): Promise<T | undefined> => {
    setBusy(true);
    try {
      const value = await action();
      if (success) notify({ message: success(value), severity: 'success' });
      return value;
    } catch (failure) {
      const e = toApiError(failure);
      notify({ message: t('digital-twins.failed', { code: e.code, message: detailText(i18n, e) }), severity: 'error' });
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
