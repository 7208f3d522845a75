import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../src-shared/contract/result.ts';
import { IPC_EVENT, IPC_INVOKE } from '../../src-shared/contract/wire.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Router } from '../router/router.ts';
import { isTrustedSender } from './navigation-policy.ts';

/**
 * The one door into the main process: every request is checked for its sender, then handed to the
 * router. Events go out to the app's windows. Returns the function that unwires both.
 */
export function wireIpc(router: Router, events: EventBus, windows: () => BrowserWindow[]): () => void {
  const trustedIds = () => new Set(windows().map((w) => w.webContents.id));
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown): Promise<Result<unknown>> => {
    const frame = event.senderFrame;
    const trusted = isTrustedSender({
      frameUrl: frame?.url ?? null,
      isMainFrame: frame !== null && frame.parent === null,
      senderId: event.sender.id,
      trustedIds: trustedIds(),
    });
    if (!trusted) return { ok: false, error: { code: 'forbidden', message: 'Request refused: it did not come from the console window.' } };
    return router.handle(channel, payload, { shell: 'electron' });
  });
  const unsubscribe = events.subscribe((event, payload) => {
    for (const window of windows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, event, payload);
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
