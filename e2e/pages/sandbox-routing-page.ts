import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

type Tree = { [key: string]: string | Tree };
const texts = JSON.parse(readFileSync(new URL('../../src-renderer/features/sandbox-routing/locales/en.json', import.meta.url), 'utf8')) as Tree;

/** The Sandbox page's Event Hub-compatible endpoints and routes section (texts from its own locale file). */
export class SandboxRoutingPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  text(key: string, values: Record<string, string | number> = {}): string {
    const node = texts[key];
    if (typeof node !== 'string') throw new Error(`no sandbox-routing text for ${key}`);
    return node.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => String(values[name] ?? `{{${name}}}`));
  }

  get section(): Locator {
    return this.app.page.getByRole('region', { name: this.text('title') });
  }

  fact(hubNumber: number, id: string): Locator {
    return this.app.page.getByTestId(`sandbox-eventhub-${hubNumber}-${id}`);
  }

  routes(hubHost: string): Locator {
    return this.app.page.getByRole('region', { name: this.text('hub', { host: hubHost }) }).getByRole('table', { name: this.text('routes') });
  }

  get refreshButton(): Locator {
    return this.app.page.getByRole('button', { name: this.text('refresh') });
  }
}

/**
 * Calls a hub's sandbox-only API from outside the console with the hub's owner key read from the
 * sandbox data dir, as an operator's script would.
 */
export async function callHub(consoleDataDir: string, hubHost: string, caPath: string, method: string, path: string, body?: unknown): Promise<number> {
  const config = JSON.parse(readFileSync(join(consoleDataDir, 'sandbox', 'sandbox.json'), 'utf8')) as { hubs: { ownerKey: string; port: number }[] };
  const port = Number(hubHost.split(':')[1]);
  const ownerKey = config.hubs.find((hub) => hub.port === port)?.ownerKey ?? '';
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const sig = createHmac('sha256', Buffer.from(ownerKey, 'base64')).update(`${hubHost}\n${expiry}`).digest('base64');
  const authorization = `SharedAccessSignature sr=${hubHost}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=iothubowner`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, ca: readFileSync(caPath, 'utf8'), headers: { authorization, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
