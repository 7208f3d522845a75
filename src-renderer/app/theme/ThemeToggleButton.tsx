import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';
import { useThemeMode } from './use-theme-mode.ts';

/** One click to the other scheme; the choice then overrides the OS until set back in Settings. */
export function ThemeToggleButton() {
  const { t } = useTranslation();
  const { resolved, setPreference } = useThemeMode();
  const label = resolved === 'dark' ? t('theme.switchToLight') : t('theme.switchToDark');
  return (
    <Tooltip title={label}>
      <IconButton color="inherit" aria-label={label} onClick={() => setPreference(resolved === 'dark' ? 'light' : 'dark')}>
        {resolved === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
      </IconButton>
    </Tooltip>
  );
}
