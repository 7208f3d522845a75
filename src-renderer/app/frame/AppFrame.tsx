import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Toolbar from '@mui/material/Toolbar';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnection } from '../../api/index.ts';
import { DEFAULT_AREA_ID, areas, findArea } from '../areas.tsx';
import { PageErrorBoundary } from '../errors/PageErrorBoundary.tsx';
import { hrefFor, navigate, parseHash, useHash } from '../routing/hash-route.ts';
import { focusPageSearch } from '../shortcuts/page-search.ts';
import { ShortcutsDialog } from '../shortcuts/ShortcutsDialog.tsx';
import { useGlobalShortcuts } from '../shortcuts/use-global-shortcuts.ts';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { NavDrawer } from './NavDrawer.tsx';
import { TopBar } from './TopBar.tsx';

/** App bar, drawer and the current area's page; the page alone is replaced when the route changes. */
export function AppFrame() {
  const { t } = useTranslation();
  const hash = useHash();
  const requested = parseHash(hash);
  const area = findArea(requested?.areaId) ?? findArea(DEFAULT_AREA_ID) ?? areas[0]!;
  const connected = useConnection().state === 'connected';
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const Page = area.page;

  useEffect(() => {
    // An empty or unknown address shows the default area; make the address say so too.
    if (requested?.areaId !== area.id) history.replaceState(null, '', hrefFor(area.id));
  }, [requested?.areaId, area.id]);

  useEffect(() => {
    document.title = `${t(area.titleKey)} — ${t('app.name')}`;
  }, [t, area.titleKey]);

  useGlobalShortcuts({
    onArea: (index) => {
      const target = areas[index];
      if (target) navigate(target.id);
    },
    onHelp: () => setShortcutsOpen(true),
    onSearch: () => void focusPageSearch(),
  });

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <TopBar onShowShortcuts={() => setShortcutsOpen(true)} />
      <NavDrawer currentAreaId={area.id} />
      <Box component="main" sx={{ flexGrow: 1, minWidth: 0, p: 3 }}>
        <Toolbar />
        <Box sx={{ mb: 2 }}>
          <ConnectionBanner />
        </Box>
        <PageErrorBoundary key={area.id}>
          <Suspense fallback={<LinearProgress aria-label={t('app.loading')} />}>
            <Page />
          </Suspense>
        </PageErrorBoundary>
      </Box>
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      {/* e2e waits on this instead of sleeping: the frame is up and the main process answers. */}
      {connected && <span data-testid="app-ready" hidden />}
    </Box>
  );
}
