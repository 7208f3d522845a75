import { AppFrame } from './frame/AppFrame.tsx';
import { MainProcessNotices } from './notifications/MainProcessNotices.tsx';
import { NotificationsProvider } from './notifications/NotificationsProvider.tsx';
import { AppThemeProvider } from './theme/AppThemeProvider.tsx';

export function App() {
  return (
    <AppThemeProvider>
      <NotificationsProvider>
        <MainProcessNotices />
        <AppFrame />
      </NotificationsProvider>
    </AppThemeProvider>
  );
}
