import { z } from 'zod';
import { channel } from '../channel-spec.ts';

/** The console's own preferences, kept by the shell (electron-store in Electron, a JSON file in the web shell). */
export const consoleSettingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']),
  language: z.enum(['system', 'en', 'ja']),
  /** The bench or machine name stamped on every event the console records. */
  station: z.string().trim().min(1).max(100),
  /** Who works at the console, stamped on every event; names only, never a credential. */
  operator: z.string().trim().min(1).max(100),
});
export type ConsoleSettings = z.infer<typeof consoleSettingsSchema>;

export const settingsChannels = {
  'settings:get': channel(z.object({}).strict(), consoleSettingsSchema),
  /** Changes the named settings and answers with all of them. */
  'settings:update': channel(consoleSettingsSchema.partial().strict(), consoleSettingsSchema),
};
