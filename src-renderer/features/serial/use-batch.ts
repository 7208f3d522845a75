import { useCallback, useState } from 'react';
import type { ResponseOf } from '../../../src-shared/contract/index.ts';
import { api, toApiError, type ApiError } from '../../api/index.ts';

export type ParsedQueue = ResponseOf<'serial:parseQueue'>;

/** Reads a pasted or opened CSV queue in the main process (problems by line, duplicates, ids already pushed). */
export function useQueue() {
  const [parsed, setParsed] = useState<ParsedQueue>();
  const [error, setError] = useState<ApiError>();
  const parse = useCallback(async (text: string) => {
    try {
      setParsed(await api.invoke('serial:parseQueue', { text }));
      setError(undefined);
    } catch (failure) {
      setError(toApiError(failure));
    }
  }, []);
  return { parsed, error, parse };
}
