import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { systemLanguage, type Language } from '../i18n/i18n.ts';
import { THEME_MODE_STORAGE_KEY, createBenchTheme } from './theme.ts';

/** Light/dark following the OS unless the user chose one; MUI components speak the UI language. */
export function AppThemeProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language: Language = systemLanguage([i18n.language]);
  const theme = useMemo(() => createBenchTheme(language), [language]);
  return (
    <ThemeProvider theme={theme} defaultMode="system" modeStorageKey={THEME_MODE_STORAGE_KEY} noSsr disableTransitionOnChange>
      <CssBaseline enableColorScheme />
      {children}
    </ThemeProvider>
  );
}
