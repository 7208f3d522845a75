import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/** How many days of events the profile keeps; shortening it deletes older events after a confirmation. */
export function RetentionSetting() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const current = useRequest('timeline:retention', {});
  const [draft, setDraft] = useState('');
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setDraft(current.data?.days == null ? '' : String(current.data.days)), [current.data]);
  const days = draft.trim() === '' ? null : Number(draft);
  const invalid = days !== null && (!Number.isInteger(days) || days < 1 || days > 3650);
  const save = async () => {
    setConfirming(false);
    try {
      const { removed } = await api.invoke('timeline:retention', { days });
      notify({ message: t('timeline.retention.saved', { count: removed }), severity: 'success' });
      current.reload();
    } catch (failure) {
      notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
    }
  };
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
      <TextField
        size="small"
        label={t('timeline.retention.label')}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        error={invalid}
        helperText={invalid ? t('timeline.retention.invalid') : t('timeline.retention.help')}
        inputProps={{ inputMode: 'numeric' }}
      />
      <Button variant="outlined" disabled={invalid} onClick={() => (days === null ? void save() : setConfirming(true))}>
        {t('timeline.retention.save')}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t('timeline.retention.confirmTitle')}
        text={t('timeline.retention.confirmText', { days })}
        cancelLabel={t('timeline.cancel')}
        confirmLabel={t('timeline.retention.confirm')}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void save()}
      />
    </Box>
  );
}
