import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';

/** What a crashed page shows: the error as it is, and a way to mount the page afresh. */
export function PageCrashed({ error, onReload }: { error: Error; onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      severity="error"
      role="alert"
      action={
        <Button color="inherit" onClick={onReload}>
          {t('errors.reloadPage')}
        </Button>
      }
    >
      <AlertTitle>{t('errors.pageCrashed')}</AlertTitle>
      <span aria-label={t('errors.details')}>{error.message}</span>
    </Alert>
  );
}
