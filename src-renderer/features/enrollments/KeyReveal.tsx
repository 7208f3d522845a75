import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentKind } from '../../../src-shared/domain/enrollment.ts';
import { api, toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';

/** A key shown masked (its fingerprint) until the operator reveals or copies it; either is recorded by the main process. */
export function KeyReveal({ kind, id, which, label, fingerprint }: { kind: EnrollmentKind; id: string; which: 'primary' | 'secondary'; label: string; fingerprint: string }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [key, setKey] = useState<string | null>(null);
  const fetchKey = async () => {
    try {
      const revealed = (await api.invoke('enrollments:revealKey', { kind, id, which })).key;
      setKey(revealed);
      return revealed;
    } catch (failure) {
      notify({ message: toApiError(failure).message, severity: 'error' });
      return null;
    }
  };
  const copy = async () => {
    const value = key ?? (await fetchKey());
    if (!value) return;
    await navigator.clipboard.writeText(value).catch(() => undefined);
    notify({ message: t('enrollments.details.copied'), severity: 'info' });
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Typography variant="body2" sx={{ minWidth: 120 }}>{label}</Typography>
      <Typography variant="body2" sx={{ fontFamily: 'monospace', flexGrow: 1, wordBreak: 'break-all' }} data-testid={`key-${which}`}>
        {key ?? t('enrollments.details.masked', { fingerprint })}
      </Typography>
      {!key && <Button size="small" onClick={() => void fetchKey()} data-testid={`reveal-${which}`}>{t('enrollments.details.reveal')}</Button>}
      <Button size="small" onClick={() => void copy()}>{t('enrollments.details.copy')}</Button>
    </Stack>
  );
}
