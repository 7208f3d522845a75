import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';
import { useNotify } from '../../app/notifications/notifications-context.ts';

/** Copies a public value (a host, a path) to the clipboard and says so. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const copy = () => {
    navigator.clipboard.writeText(value).then(
      () => notify({ message: t('sandbox.copied', { label }), severity: 'success' }),
      () => notify({ message: t('sandbox.copyFailed', { label }), severity: 'error' }),
    );
  };
  const title = t('sandbox.copy', { label });
  return (
    <Tooltip title={title}>
      <IconButton size="small" onClick={copy} aria-label={title} sx={{ ml: 1 }}>
        <ContentCopyIcon fontSize="inherit" />
      </IconButton>
    </Tooltip>
  );
}
