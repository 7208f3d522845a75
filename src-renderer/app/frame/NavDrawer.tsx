import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import { useTranslation } from 'react-i18next';
import { areas } from '../areas.tsx';
import { hrefFor } from '../routing/hash-route.ts';

export const DRAWER_WIDTH = 220;

/** Plain links to #/<area>, so middle-click, focus order and screen readers behave like links. */
export function NavDrawer({ currentAreaId }: { currentAreaId: string }) {
  const { t } = useTranslation();
  return (
    <Drawer variant="permanent" sx={{ width: DRAWER_WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' } }}>
      <Toolbar />
      <nav aria-label={t('nav.label')}>
        <List>
          {areas.map(({ id, icon: Icon, titleKey }) => (
            <ListItemButton key={id} component="a" href={hrefFor(id)} selected={id === currentAreaId} aria-current={id === currentAreaId ? 'page' : undefined}>
              <ListItemIcon>
                <Icon />
              </ListItemIcon>
              <ListItemText primary={t(titleKey)} />
            </ListItemButton>
          ))}
        </List>
      </nav>
    </Drawer>
  );
}
