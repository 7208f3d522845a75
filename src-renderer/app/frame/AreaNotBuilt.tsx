import ConstructionIcon from '@mui/icons-material/Construction';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';

/** The honest page of an area whose feature does not exist yet: what it will hold, no fake rows. */
export function AreaNotBuilt({ areaId }: { areaId: string }) {
  const { t } = useTranslation();
  const title = t(`areas.${areaId}.title`);
  return (
    <>
      <PageHeader title={title} />
      <Paper variant="outlined" sx={{ p: 4, display: 'flex', gap: 2, alignItems: 'flex-start' }}>
        <ConstructionIcon color="disabled" fontSize="large" aria-hidden />
        <div>
          <Typography variant="h6" component="p">
            {t('emptyState.notBuilt', { area: title })}
          </Typography>
          <Typography color="text.secondary">{t(`areas.${areaId}.empty`)}</Typography>
        </div>
      </Paper>
    </>
  );
}
