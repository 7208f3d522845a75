import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { createHandlers } from '../router/handlers/index.ts';
import { redactSecrets } from '../security/redact.ts';
import { createRouter } from '../router/router.ts';
import { createServices, disposeServices, type Services } from '../services/container.ts';
import { bundleLayout, createElectronPorts } from './electron-ports.ts';
import { guardAllWebContents, hardenSession } from './hardening.ts';
import { wireIpc } from './ipc.ts';
import { buildAppMenu } from './menu.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { openShellSettings, type ShellSettings } from './shell-settings.ts';
import { createMainWindow } from './window.ts';

// Entry of the Electron shell, bundled to dist/electron/main.cjs (import.meta.url is the bundle's URL).
const layout = bundleLayout(dirname(fileURLToPath(import.meta.url)), app.isPackaged ? process.resourcesPath : undefined);

// Hermetic runs (e2e, demos) point the app at a throwaway folder instead of the user's profile.
const dataDirOverride = process.env.PROVISIONING_BENCH_DATA_DIR;
if (dataDirOverride) app.setPath('userData', dataDirOverride);

registerAppScheme();
guardAllWebContents();

let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;
let settings: ShellSettings | null = null;

function openWindow(shellSettings: ShellSettings): void {
  mainWindow = createMainWindow(layout.preload, shellSettings);
  mainWindow.on('closed', () => (mainWindow = null));
}

function showAbout(): void {
  const v = process.versions;
  void dialog.showMessageBox({
    type: 'info',
    title: 'About Provisioning Bench',
    message: `Provisioning Bench ${app.getVersion()}`,
    detail: `Electron ${v.electron}\nChromium ${v.chrome}\nNode ${v.node}\n${process.platform} ${process.arch}`,
  });
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  serveRenderer(layout.rendererDir);
  settings = await openShellSettings(app.getPath('userData'));
  services = await createServices({ ...createElectronPorts(layout), settingsStore: settings.consoleSettingsStore() });
  const router = createRouter(createHandlers(services), {
    onInternalError: (channel, error) => console.error(`${channel} failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`),
  });
  wireIpc(router, services.events, () => (mainWindow ? [mainWindow] : []));
  Menu.setApplicationMenu(buildAppMenu({ isMac: process.platform === 'darwin', devTools: !app.isPackaged, onAbout: showAbout }));
  openWindow(settings);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (services && settings && BrowserWindow.getAllWindows().length === 0) openWindow(settings);
  });
  // Stop the sandbox child and close stores before the process goes.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed || !services) return;
    event.preventDefault();
    disposed = true;
    void disposeServices(services).finally(() => app.quit());
  });
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('Provisioning Bench could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
