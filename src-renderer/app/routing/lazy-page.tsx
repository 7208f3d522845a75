import { lazy, type ComponentType } from 'react';

/**
 * A page whose code did not arrive (an update mid-session replaced the chunk, the server was gone
 * for a moment). The browser remembers a module that failed to load by its URL for the life of
 * the document (Chromium answers every later import of that URL from that record), so importing
 * it again in place can never succeed: only a fresh document fetches it again.
 */
export class PageLoadError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'PageLoadError';
  }
}

/** A page loaded on first visit; a failed load rejects with a PageLoadError, so the error boundary knows to reload the document. */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): ComponentType {
  return lazy(() =>
    load().catch((error: unknown) => {
      throw new PageLoadError(error);
    }),
  );
}
