import { hostname, userInfo } from 'node:os';
import { consoleSettingsSchema, type ConsoleSettings } from '../../../src-shared/contract/channels/settings.ts';
import type { SettingsStore } from '../ports.ts';

/**
 * The console's preferences (theme, language, station and operator names). Where they are kept is
 * the shell's business (the SettingsStore port); a value that no longer parses falls back to its
 * default instead of failing the console's start.
 */
export class SettingsService {
  private readonly store: SettingsStore;
  private readonly onChange: (settings: ConsoleSettings) => void;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(store: SettingsStore, onChange: (settings: ConsoleSettings) => void = () => undefined) {
    this.store = store;
    this.onChange = onChange;
  }

  async get(): Promise<ConsoleSettings> {
    const stored = (await this.store.read().catch(() => undefined)) ?? {};
    const defaults = defaultSettings();
    const out: Record<string, unknown> = { ...defaults };
    for (const key of Object.keys(defaults) as Array<keyof ConsoleSettings>) {
      const field = consoleSettingsSchema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
      if (field.success) out[key] = field.data;
    }
    return out as ConsoleSettings;
  }

  /** Applies a validated partial change; changes are applied one at a time. */
  update(patch: Partial<ConsoleSettings>): Promise<ConsoleSettings> {
    const run = this.queue.then(async () => {
      const next = consoleSettingsSchema.parse({ ...(await this.get()), ...patch });
      await this.store.write(next);
      this.onChange(next);
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function defaultSettings(): ConsoleSettings {
  return { theme: 'system', language: 'system', station: safe(() => hostname()), operator: safe(() => userInfo().username) };
}

function safe(read: () => string): string {
  try {
    return read().slice(0, 100) || 'unknown';
  } catch {
    return 'unknown';
  }
}
