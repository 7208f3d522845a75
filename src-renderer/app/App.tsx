import { PageErrorBoundary } from './errors/PageErrorBoundary.tsx';
import { AppFrame } from './frame/AppFrame.tsx';
import { MainProcessNotices } from './notifications/MainProcessNotices.tsx';
import { NotificationsProvider } from './notifications/NotificationsProvider.tsx';
import { AppThemeProvider } from './theme/AppThemeProvider.tsx';
import { ConsoleSettingsSync } from './settings/console-settings.ts';

export function App() {
  return (
    <AppThemeProvider>
      <NotificationsProvider>
        <MainProcessNotices />
        <ConsoleSettingsSync />
        {/* The pages have boundaries of their own; this one catches the frame itself. */}
        <PageErrorBoundary>
          <AppFrame />
        </PageErrorBoundary>
      </NotificationsProvider>
    </AppThemeProvider>
  );
}
