import { join } from 'node:path';
import { AtomicJsonFile } from '../profiles/atomic-json-file.ts';
import type { SettingsStore } from '../ports.ts';

/** The web shell's settings: `console-settings.json` in the data dir, written atomically. */
export function jsonSettingsStore(dataDir: string): SettingsStore {
  const file = new AtomicJsonFile<unknown>(join(dataDir, 'console-settings.json'));
  return { read: () => file.read(), write: (value) => file.write(value) };
}
