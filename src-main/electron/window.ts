import { BrowserWindow, screen } from 'electron';
import { APP_INDEX_URL } from './app-protocol.ts';
import { pageOfUrl, startUrl, type ShellSettings } from './shell-settings.ts';
import { MIN_SIZE, startPlacement } from './window-placement.ts';

/** The console's window, where and as it was last closed, on the page that was open. */
export function createMainWindow(preloadPath: string, settings: ShellSettings): BrowserWindow {
  const { maximized, ...bounds } = startPlacement(
    settings.windowPlacement(),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Provisioning Bench',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => {
    if (maximized) window.maximize();
    window.show();
  });
  // The normal bounds, so a window closed maximised still un-maximises to where it was.
  window.on('close', () => settings.saveWindowPlacement({ ...window.getNormalBounds(), maximized: window.isMaximized() }));
  // Areas are hash routes: moving between them is an in-page navigation of the one document.
  window.webContents.on('did-navigate-in-page', (_event, url, isMainFrame) => {
    if (isMainFrame) settings.saveLastPage(pageOfUrl(url));
  });
  void window.loadURL(startUrl(APP_INDEX_URL, settings.lastPage()));
  return window;
}
