import { useColorScheme } from '@mui/material/styles';
import { useEffect } from 'react';
import type { ConsoleSettings } from '../../../src-shared/contract/channels/settings.ts';
import { api, useRequest } from '../../api/index.ts';
import { applyLanguagePreference, readLanguagePreference } from '../i18n/i18n.ts';

/** Stores a changed preference with the main process (the shell keeps it); failures are not the user's problem here. */
export function saveConsoleSettings(patch: Partial<ConsoleSettings>): Promise<ConsoleSettings | undefined> {
  return api.invoke('settings:update', patch).catch(() => undefined);
}

/**
 * Applies the theme and language the main process keeps (electron-store or the web shell's file)
 * once connected, so they follow the console rather than one browser profile. The renderer's own
 * copy stays only as the first paint's guess.
 */
export function ConsoleSettingsSync() {
  const { data } = useRequest('settings:get', {});
  const { mode, setMode } = useColorScheme();
  useEffect(() => {
    if (!data) return;
    if ((mode ?? 'system') !== data.theme) setMode(data.theme);
    if (readLanguagePreference() !== data.language) applyLanguagePreference(data.language);
    // Only a fresh answer from the main process applies; the user's own changes save through saveConsoleSettings.
  }, [data]);
  return null;
}
