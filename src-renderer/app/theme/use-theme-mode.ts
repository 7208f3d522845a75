import { useColorScheme } from '@mui/material/styles';
import { useCallback } from 'react';
import { saveConsoleSettings } from '../settings/console-settings.ts';

export type ThemeModePreference = 'system' | 'light' | 'dark';

export interface ThemeMode {
  preference: ThemeModePreference;
  /** What is on screen now: the preference, or the OS's choice when following the system. */
  resolved: 'light' | 'dark';
  setPreference(mode: ThemeModePreference): void;
}

/**
 * The user's light/dark choice and what it resolves to. A choice is kept by the main process (the
 * shell's settings) and, for the first paint, by MUI under THEME_MODE_STORAGE_KEY.
 */
export function useThemeMode(): ThemeMode {
  const { mode, systemMode, setMode } = useColorScheme();
  const preference = mode ?? 'system';
  const resolved = preference === 'system' ? (systemMode ?? 'light') : preference;
  const setPreference = useCallback(
    (next: ThemeModePreference) => {
      setMode(next);
      void saveConsoleSettings({ theme: next });
    },
    [setMode],
  );
  return { preference, resolved, setPreference };
}
