import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { useThemeMode, type ThemeModePreference } from '../../app/theme/use-theme-mode.ts';

const MODES: readonly ThemeModePreference[] = ['system', 'light', 'dark'];

export function ThemeSelect() {
  const { t } = useTranslation();
  const { preference, setPreference } = useThemeMode();
  return (
    <TextField
      select
      id="settings-theme"
      label={t('theme.label')}
      value={preference}
      onChange={(event) => setPreference(event.target.value as ThemeModePreference)}
      sx={{ minWidth: 240 }}
    >
      {MODES.map((mode) => (
        <MenuItem key={mode} value={mode}>
          {t(`theme.${mode}`)}
        </MenuItem>
      ))}
    </TextField>
  );
}
