import { z } from 'zod';
import type { SettingsStore } from '../services/ports.ts';
import type { WindowPlacement } from './window-placement.ts';

/**
 * The Electron shell's own settings (electron-store, `shell-settings.json` in userData): where the
 * window was, which page was open, and the console's preferences (theme, language, station). The
 * web shell keeps those preferences in a JSON file; the console's data (profiles, vault, sandbox)
 * stays with the services in the same folder.
 */
const FILE_NAME = 'shell-settings';

const placementSchema = z.object({
  x: z.number().int().finite(),
  y: z.number().int().finite(),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});

/** An area id as the renderer's routes spell them (#/<id>): nothing else is restored. */
const pageSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);

/** The page (area id) an app:// address shows, from its #/<id>[/…] route; null for none. */
export function pageOfUrl(url: string): string | null {
  let hash: string;
  try {
    hash = new URL(url).hash;
  } catch {
    return null;
  }
  const id = /^#\/([^/?#]*)/.exec(hash)?.[1] ?? '';
  return pageSchema.safeParse(id).success ? id : null;
}

/** The address to open: the index, on the last page when there was one. */
export function startUrl(indexUrl: string, page: string | null): string {
  return page && pageSchema.safeParse(page).success ? `${indexUrl}#/${page}` : indexUrl;
}

/** The two calls of electron-store this uses (electron-store extends conf, which has both). */
interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export class ShellSettings {
  private readonly store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.store = store;
  }

  /** The saved placement; a missing or hand-broken entry reads as none. */
  windowPlacement(): WindowPlacement | null {
    const parsed = placementSchema.safeParse(this.store.get('window'));
    return parsed.success ? parsed.data : null;
  }

  saveWindowPlacement(placement: WindowPlacement): void {
    const rounded = { ...placement, x: Math.round(placement.x), y: Math.round(placement.y), width: Math.round(placement.width), height: Math.round(placement.height) };
    const parsed = placementSchema.safeParse(rounded);
    if (parsed.success) this.write('window', parsed.data);
  }

  lastPage(): string | null {
    const parsed = pageSchema.safeParse(this.store.get('lastPage'));
    return parsed.success ? parsed.data : null;
  }

  saveLastPage(page: string | null): void {
    if (page === null || !pageSchema.safeParse(page).success || page === this.lastPage()) return;
    this.write('lastPage', page);
  }

  /** The console's preferences (theme, language, station, operator) for the services' settings port. */
  consoleSettingsStore(): SettingsStore {
    return {
      read: async () => this.store.get('console'),
      write: async (value) => this.store.set('console', value),
    };
  }

  /** A settings file that cannot be written (disk full, read-only profile) must not stop a window from closing. */
  private write(key: string, value: unknown): void {
    try {
      this.store.set(key, value);
    } catch (error) {
      console.error(`shell settings: ${key} not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * Opens the settings file in `dir` (the app's userData). A file that is not JSON is started
 * afresh rather than keeping the console from opening; readable only by the user.
 */
export async function openShellSettings(dir: string): Promise<ShellSettings> {
  // electron-store is ESM-only and main.cjs is CommonJS: a dynamic import loads it in either.
  const { default: ElectronStore } = await import('electron-store');
  const store = new ElectronStore<Record<string, unknown>>({
    cwd: dir,
    name: FILE_NAME,
    clearInvalidConfig: true,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  });
  return new ShellSettings(store);
}
