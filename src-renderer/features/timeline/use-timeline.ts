import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { downloadText } from './format.ts';

/** Exports events or the inventory of the active profile to a downloaded file. */
export function useTimelineExport() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  return useCallback(
    async (what: 'events' | 'inventory', format: 'jsonl' | 'csv') => {
      try {
        const { fileName, text, rows } = await api.invoke('timeline:export', { what, format });
        downloadText(fileName, text, format === 'csv' ? 'text/csv' : 'application/x-ndjson');
        notify({ message: t('timeline.exported', { count: rows }), severity: 'success' });
      } catch (failure) {
        notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
      }
    },
    [t, i18n, notify],
  );
}

/** Asks DPS now for registration outcomes (the background poll, at once); `onDone` refreshes the view. */
export function usePollNow(onDone: () => void) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [polling, setPolling] = useState(false);
  const poll = useCallback(async () => {
    setPolling(true);
    try {
      const { recorded } = await api.invoke('timeline:poll', {});
      notify({ message: t('timeline.polled', { count: recorded }), severity: 'success' });
      onDone();
    } catch (failure) {
      notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
    } finally {
      setPolling(false);
    }
  }, [t, i18n, notify, onDone]);
  return { poll, polling };
}
