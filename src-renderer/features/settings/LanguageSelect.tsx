import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, applyLanguagePreference, readLanguagePreference, type LanguagePreference } from '../../app/i18n/i18n.ts';
import { saveConsoleSettings } from '../../app/settings/console-settings.ts';

const CHOICES: readonly LanguagePreference[] = ['system', ...LANGUAGES];

export function LanguageSelect() {
  const { t } = useTranslation();
  const [preference, setPreference] = useState(readLanguagePreference);
  return (
    <TextField
      select
      id="settings-language"
      label={t('language.label')}
      value={preference}
      onChange={(event) => {
        const next = event.target.value as LanguagePreference;
        setPreference(next);
        applyLanguagePreference(next);
        void saveConsoleSettings({ language: next });
      }}
      sx={{ minWidth: 240 }}
    >
      {CHOICES.map((choice) => (
        <MenuItem key={choice} value={choice} lang={choice === 'system' ? undefined : choice}>
          {t(`language.${choice}`)}
        </MenuItem>
      ))}
    </TextField>
  );
}
