import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from './LanguageSelect.tsx';
import { ThemeSelect } from './ThemeSelect.tsx';

export function AppearanceSection() {
  const { t } = useTranslation();
  return (
    <>
      <Typography variant="h6" component="h2" id="settings-appearance">
        {t('settings.appearance')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('settings.appearanceHelp')}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <ThemeSelect />
        <LanguageSelect />
      </Stack>
    </>
  );
}
