import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../api/index.ts';
import { hrefFor } from '../../app/routing/hash-route.ts';
import { FactList } from '../../components/FactList.tsx';
import { useSandboxStatus } from '../sandbox/use-sandbox-status.ts';
import { detailText } from '../../app/i18n/error-text.ts';

const SANDBOX_COLOR = { running: 'success', starting: 'info', stopped: 'default', crashed: 'error' } as const;

/** The services behind the main process, each asked through the contract, so one glance says what answers. */
export function ServicesSection() {
  const { t, i18n } = useTranslation();
  const sandbox = useSandboxStatus();
  const profiles = useRequest('profiles:list', {});
  const noAnswer = (error: { code: string; message: string }) => t('status.serviceFailed', { code: error.code, message: detailText(i18n, error) });
  const active = profiles.data?.profiles.find((p) => p.id === profiles.data?.activeId);
  const facts = [
    {
      id: 'sandbox',
      label: t('status.sandbox'),
      value: sandbox.status ? (
        <>
          <Chip size="small" color={SANDBOX_COLOR[sandbox.status.state]} label={t(`sandbox.states.${sandbox.status.state}`)} />{' '}
          <Link href={hrefFor('sandbox')}>{t('status.openSandbox')}</Link>
        </>
      ) : sandbox.error ? (
        noAnswer(sandbox.error)
      ) : (
        t('status.noAnswerYet')
      ),
    },
    {
      id: 'profile',
      label: t('status.activeProfile'),
      value: active ? `${active.name} · ${t(`profiles.kind.${active.kind}`)}` : profiles.error ? noAnswer(profiles.error) : t('status.noAnswerYet'),
    },
  ];
  return (
    <Paper variant="outlined" component="section" aria-labelledby="status-services" sx={{ p: 3 }}>
      <Typography variant="h6" component="h2" id="status-services" sx={{ mb: 2 }}>
        {t('status.services')}
      </Typography>
      <FactList idPrefix="status" facts={facts} />
    </Paper>
  );
}
