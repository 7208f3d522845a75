import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../api/index.ts';
import { FactList } from '../../components/FactList.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { detailText } from '../../app/i18n/error-text.ts';

/**
 * In the web shell the main process has no Chrome but the page runs in one, worth telling. Only
 * the major version: browsers zero the rest of the user agent's version on purpose.
 */
function browserChromeVersion(): string | undefined {
  return /Chrom(?:e|ium)\/(\d+)/.exec(navigator.userAgent)?.[1];
}

export default function AboutPage() {
  const { t, i18n } = useTranslation();
  const { data, error, loading } = useRequest('app:versions', {});
  const notHere = t('about.notInThisShell');
  const browserChrome = browserChromeVersion();
  const facts = data
    ? [
        { id: 'app', label: t('about.app'), value: data.app },
        { id: 'electron', label: t('about.electron'), value: data.electron ?? notHere },
        { id: 'chrome', label: t('about.chrome'), value: data.chrome ?? (browserChrome ? t('about.thisBrowser', { version: browserChrome }) : notHere) },
        { id: 'node', label: t('about.node'), value: data.node },
        { id: 'platform', label: t('about.platform'), value: `${data.platform} (${data.arch})` },
        { id: 'shell', label: t('about.shell'), value: data.shell === 'electron' ? t('about.shellElectron') : t('about.shellWeb') },
      ]
    : [];
  return (
    <>
      <PageHeader title={t('areas.about.title')} />
      <Paper variant="outlined" component="section" aria-labelledby="about-versions" sx={{ p: 3 }}>
        <Typography variant="h6" component="h2" id="about-versions" sx={{ mb: 2 }}>
          {t('about.versions')}
        </Typography>
        {loading && !data && <LinearProgress aria-label={t('app.loading')} />}
        {error && <Alert severity="error">{t('about.loadFailed', { code: error.code, message: detailText(i18n, error) })}</Alert>}
        {data && <FactList idPrefix="about" facts={facts} />}
      </Paper>
    </>
  );
}
