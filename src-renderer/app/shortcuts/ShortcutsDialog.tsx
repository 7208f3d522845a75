import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useTranslation } from 'react-i18next';
import { FactList } from '../../components/FactList.tsx';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
const COMMAND = isMac ? '⌘' : 'Ctrl';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const key = (text: string) => <kbd>{text}</kbd>;
  const facts = [
    { id: 'areas', label: t('shortcuts.switchArea'), value: key(`${COMMAND} + 1…9`) },
    { id: 'search', label: t('shortcuts.focusSearch'), value: key(`${COMMAND} + K`) },
    { id: 'help', label: t('shortcuts.showHelp'), value: key('?') },
  ];
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="shortcuts-title">
      <DialogTitle id="shortcuts-title">{t('shortcuts.title')}</DialogTitle>
      <DialogContent>
        <FactList idPrefix="shortcut" facts={facts} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('shortcuts.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
