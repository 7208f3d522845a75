import { TAB_SECRET_FRAGMENT } from '../../src-shared/contract/wire.ts';

const STORAGE_KEY = 'pb-tab-secret';

interface PageLocation {
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
}

interface TabPlace {
  location: PageLocation;
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * The web shell's per-tab secret. The server hands it out once, in the fragment of the redirect
 * that traded the launch token (`#pb-tab=…`); it is kept in this tab's sessionStorage (this
 * origin, this tab: it survives a reload, no other port or tab can read it) and the fragment is
 * taken off the address before the hash routes read it. Null when the tab never had one.
 */
export function takeTabSecret(place: TabPlace): string | null {
  const prefix = `#${TAB_SECRET_FRAGMENT}=`;
  if (place.location.hash.startsWith(prefix)) {
    const secret = place.location.hash.slice(prefix.length);
    try {
      place.sessionStorage.setItem(STORAGE_KEY, secret);
    } catch {
      // Storage refused (a locked-down profile): the secret still works until the tab reloads.
    }
    place.history.replaceState(null, '', `${place.location.pathname}${place.location.search}`);
    return secret;
  }
  try {
    return place.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
