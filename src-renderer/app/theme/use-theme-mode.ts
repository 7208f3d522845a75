import { useColorScheme } from '@mui/material/styles';

export type ThemeModePreference = 'system' | 'light' | 'dark';

export interface ThemeMode {
  preference: ThemeModePreference;
  /** What is on screen now: the preference, or the OS's choice when following the system. */
  resolved: 'light' | 'dark';
  setPreference(mode: ThemeModePreference): void;
}

/** The user's light/dark choice (persisted by MUI under THEME_MODE_STORAGE_KEY) and what it resolves to. */
export function useThemeMode(): ThemeMode {
  const { mode, systemMode, setMode } = useColorScheme();
  const preference = mode ?? 'system';
  const resolved = preference === 'system' ? (systemMode ?? 'light') : preference;
  return { preference, resolved, setPreference: setMode };
}
