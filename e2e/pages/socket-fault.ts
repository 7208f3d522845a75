import type { Page, WebSocketRoute } from '@playwright/test';

interface ErrorShape {
  code: string;
  message: string;
}

/**
 * Stands between the page and the web shell's real WebSocket so a spec can make happen what the
 * real main process does only rarely: a dropped line, a failing channel, a notice it announces.
 * Everything else passes through to the real server untouched.
 */
export class SocketFault {
  private readonly routes: WebSocketRoute[] = [];
  private readonly failing = new Map<string, ErrorShape>();
  private lineUp = true;

  /** Call before the page opens the console. */
  static async install(page: Page): Promise<SocketFault> {
    const fault = new SocketFault();
    await page.routeWebSocket(/\/ws$/, (route) => fault.attach(route));
    return fault;
  }

  private attach(route: WebSocketRoute): void {
    this.routes.push(route);
    if (!this.lineUp) {
      void route.close({ code: 1011, reason: 'main process unreachable (test)' });
      return;
    }
    const server = route.connectToServer();
    route.onMessage((message) => {
      const frame = typeof message === 'string' ? (JSON.parse(message) as { t?: string; id?: number; channel?: string }) : {};
      const error = frame.t === 'req' && frame.channel ? this.failing.get(frame.channel) : undefined;
      if (error) route.send(JSON.stringify({ t: 'res', id: frame.id, result: { ok: false, error } }));
      else server.send(message);
    });
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

  /** From now on `channel` answers with this error envelope instead of reaching the main process. */
  failChannel(channel: string, error: ErrorShape): void {
    this.failing.set(channel, error);
  }

  /** Delivers an event frame to the page as if the main process had pushed it. */
  pushEvent(event: string, payload: unknown): void {
    this.routes.at(-1)?.send(JSON.stringify({ t: 'evt', event, payload }));
  }
}
