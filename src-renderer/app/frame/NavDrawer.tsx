import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';
import { areas } from '../areas.tsx';
import { hrefFor } from '../routing/hash-route.ts';

const WIDE = 220;
const COMPACT = 64;

/**
 * Plain links to #/<area>, so middle-click, focus order and screen readers behave like links.
 * On a narrow window only the icons stay; each link keeps its name (aria-label, tooltip).
 */
export function NavDrawer({ currentAreaId }: { currentAreaId: string }) {
  const { t } = useTranslation();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  const width = compact ? COMPACT : WIDE;
  return (
    <Drawer variant="permanent" sx={{ width, flexShrink: 0, '& .MuiDrawer-paper': { width, boxSizing: 'border-box', overflowX: 'hidden' } }}>
      <Toolbar />
      <nav aria-label={t('nav.label')}>
        <List>
          {areas.map(({ id, icon: Icon, titleKey }) => {
            const title = t(titleKey);
            const current = id === currentAreaId;
            return (
              <Tooltip key={id} title={compact ? title : ''} placement="right">
                <ListItemButton component="a" href={hrefFor(id)} selected={current} aria-current={current ? 'page' : undefined} aria-label={compact ? title : undefined}>
                  <ListItemIcon>
                    <Icon />
                  </ListItemIcon>
                  {!compact && <ListItemText primary={title} />}
                </ListItemButton>
              </Tooltip>
            );
          })}
        </List>
      </nav>
    </Drawer>
  );
}
