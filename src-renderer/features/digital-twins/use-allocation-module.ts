import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, useRequest } from '../../api/index.ts';
import { fieldOrErrorText } from '../../app/i18n/error-text.ts';

/**
 * The operator's allocation module: which one the function host has loaded, and setting or clearing
 * it. A refusal (bad path, no `allocate`, does not load) becomes the path field's message.
 */
export function useAllocationModule() {
  const { i18n } = useTranslation();
  const status = useRequest('twins:functionsStatus', {}, { intervalMs: 2_000 });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const apply = async (path: string | null): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await api.invoke('twins:setAllocationModule', { path });
      return true;
    } catch (failure) {
      setError(fieldOrErrorText(i18n, toApiError(failure), 'path'));
      return false;
    } finally {
      setBusy(false);
      status.reload();
    }
  };
  return { loaded: status.data?.allocationModule ?? null, busy, error, apply };
}
