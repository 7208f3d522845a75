import KeyboardIcon from '@mui/icons-material/Keyboard';
import AppBar from '@mui/material/AppBar';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { ThemeToggleButton } from '../theme/ThemeToggleButton.tsx';
import { ProfileSwitcher } from './ProfileSwitcher.tsx';

export function TopBar({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const { t } = useTranslation();
  return (
    <AppBar position="fixed" color="default" elevation={1} sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
      <Toolbar sx={{ gap: 2 }}>
        <Typography variant="h6" component="div" sx={{ flexGrow: 1 }} noWrap>
          {t('app.name')}
        </Typography>
        <ProfileSwitcher />
        <ThemeToggleButton />
        <Tooltip title={t('shortcuts.open')}>
          <IconButton color="inherit" aria-label={t('shortcuts.open')} onClick={onShowShortcuts}>
            <KeyboardIcon />
          </IconButton>
        </Tooltip>
      </Toolbar>
    </AppBar>
  );
}
