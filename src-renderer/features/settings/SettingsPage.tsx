import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { settingsSections } from './settings-sections.ts';

export default function SettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('areas.settings.title')} />
      <Stack spacing={3}>
        {settingsSections.map(({ id, component: Section }) => (
          <Paper key={id} variant="outlined" component="section" aria-labelledby={`settings-${id}`} sx={{ p: 3 }}>
            <Section />
          </Paper>
        ))}
      </Stack>
    </>
  );
}
