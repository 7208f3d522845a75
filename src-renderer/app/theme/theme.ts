import { createTheme, type Theme } from '@mui/material/styles';
import { jaJP, enUS } from '@mui/material/locale';
import type { Language } from '../i18n/i18n.ts';

/** Where the light/dark choice is kept; MUI reads and writes it. */
export const THEME_MODE_STORAGE_KEY = 'bench.theme';

const componentLocales = { en: enUS, ja: jaJP } as const;

/**
 * Both colour schemes in one theme with CSS variables: switching is a class on <html>, so the
 * whole console (including portals such as menus and dialogs) changes without re-rendering.
 */
export function createBenchTheme(language: Language): Theme {
  return createTheme(
    {
      cssVariables: { colorSchemeSelector: 'class' },
      colorSchemes: {
        light: { palette: { primary: { main: '#0f6cbd' }, background: { default: '#f5f6f8' } } },
        dark: { palette: { primary: { main: '#62abf5' }, background: { default: '#121417', paper: '#1b1e22' } } },
      },
      shape: { borderRadius: 6 },
    },
    componentLocales[language],
  );
}
