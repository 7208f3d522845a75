import { useSyncExternalStore } from 'react';

/** A location inside the console: the area and whatever path the area uses below it. */
export interface Route {
  areaId: string;
  /** Segments after the area, e.g. ['device-7'] for #/devices/device-7. */
  rest: string[];
}

/** Hash routes work the same from the web shell and from file:// in Electron. */
export function parseHash(hash: string): Route | null {
  const segments = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [areaId, ...rest] = segments;
  return areaId ? { areaId, rest } : null;
}

export function hrefFor(areaId: string, ...rest: string[]): string {
  return `#/${[areaId, ...rest].map(encodeURIComponent).join('/')}`;
}

export function navigate(areaId: string, ...rest: string[]): void {
  location.hash = hrefFor(areaId, ...rest);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current hash, re-rendering on change; parse it with parseHash. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => location.hash);
}
