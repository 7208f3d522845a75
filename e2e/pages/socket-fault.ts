import type { Page, WebSocketRoute } from '@playwright/test';

/**
 * Stands between the page and the web shell's real WebSocket so a spec can cut the line the way
 * a crashed or restarting main process would, and restore it, without killing the server.
 */
export class SocketFault {
  private readonly routes: WebSocketRoute[] = [];
  private lineUp = true;

  /** Call before the page opens the console. */
  static async install(page: Page): Promise<SocketFault> {
    const fault = new SocketFault();
    await page.routeWebSocket(/\/ws$/, (route) => {
      fault.routes.push(route);
      if (fault.lineUp) route.connectToServer();
      else void route.close({ code: 1011, reason: 'main process unreachable (test)' });
    });
    return fault;
  }

  /** How many connections the page has opened so far. */
  get connections(): number {
    return this.routes.length;
  }

  /** Closes the current connection and refuses new ones until restore(). */
  async cut(): Promise<void> {
    this.lineUp = false;
    await this.routes.at(-1)?.close({ code: 1012, reason: 'dropped by the test' });
  }

  restore(): void {
    this.lineUp = true;
  }
}
