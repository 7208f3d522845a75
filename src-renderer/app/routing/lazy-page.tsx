import { lazy, type ComponentType } from 'react';

const retries = new Set<() => void>();

/** Lets every page whose code failed to load try again on its next render (the error boundary's reload). */
export function retryFailedPageLoads(): void {
  for (const retry of retries) retry();
  retries.clear();
}

/**
 * A page loaded on first visit. Unlike a bare React.lazy, a failed load (a chunk that did not
 * arrive) is not remembered forever: after retryFailedPageLoads() the page is fetched again.
 */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): ComponentType {
  const fresh = () =>
    lazy(() =>
      load().catch((error: unknown) => {
        retries.add(() => {
          current = fresh();
        });
        throw error;
      }),
    );
  let current = fresh();
  function LazyPage() {
    const Current = current;
    return <Current />;
  }
  return LazyPage;
}
