import { app, shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-protocol.ts';
import { ELECTRON_CSP } from './content-security-policy.ts';
import { externalLinkTarget } from './navigation-policy.ts';

/** CSP on every response the session sees, and no permission (camera, notifications, serial…) for any page. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** No navigation away from the app, no new windows; https links go to the system browser. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkTarget(url);
    if (external !== null) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

/** Applies the guards to every web contents the app ever creates, not only the main window's. */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
