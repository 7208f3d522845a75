import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { expect, test } from '../fixtures/console.ts';

const WS_PATH = '/ws';

/** Opens a socket from Node with chosen headers; resolves with the HTTP status of a refusal, or 101. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

/**
 * Signs the page's context in and parks it on a plain page of our origin: the socket tests need our
 * origin and cookie, not the renderer (whose first paint starts the sandbox). Returns the tab
 * secret the redirect carried in its fragment, which the console's own tab keeps.
 */
async function signInToBarePage(page: Page, server: { url: string; origin: string }): Promise<string> {
  const response = await page.request.get(server.url, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  const secret = /#pb-tab=([\w-]+)$/.exec(response.headers()['location'] ?? '')?.[1];
  expect(secret).toBeTruthy();
  await page.goto(`${server.origin}/not-the-app.txt`);
  return secret!;
}

/** From a page: opens a socket, sends `frames` in order, and collects every reply until it closes or `replies` arrived. */
async function talk(page: Page, url: string, frames: string[], replies: number): Promise<{ received: unknown[]; closeCode: number | null }> {
  return page.evaluate(
    ({ url, frames, replies }) =>
      new Promise<{ received: unknown[]; closeCode: number | null }>((resolve, reject) => {
        const ws = new WebSocket(url);
        const received: unknown[] = [];
        ws.onmessage = (e) => {
          received.push(JSON.parse(String(e.data)));
          if (received.length === replies) {
            ws.onclose = null;
            ws.close();
            resolve({ received, closeCode: null });
          }
        };
        ws.onclose = (e) => resolve({ received, closeCode: e.code });
        ws.onerror = () => reject(new Error('socket refused'));
        ws.onopen = () => frames.forEach((frame) => ws.send(frame));
      }),
    { url, frames, replies },
  );
}

async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

test('a wrong token is refused and no session is given', async ({ consoleServer, request }) => {
  const wrong = await request.get(`${consoleServer.origin}/?token=not-the-token`, { maxRedirects: 0 });
  expect(wrong.status()).toBe(403);
  expect(wrong.headers()['set-cookie']).toBeUndefined();
  const bare = await request.get(`${consoleServer.origin}/`, { maxRedirects: 0 });
  expect(bare.status()).toBe(401);
  const asset = await request.get(`${consoleServer.origin}/index.html`, { maxRedirects: 0 });
  expect(asset.status()).toBe(401);
});

test('the launch link signs in once, then drops the token from the address', async ({ consoleServer, page, browser }) => {
  const response = await page.goto(consoleServer.url);
  expect(new URL(page.url()).search).toBe('');
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  const cookies = await page.context().cookies();
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

  const other = await browser.newContext();
  try {
    const reused = await other.request.get(consoleServer.url, { maxRedirects: 0 });
    expect(reused.status()).toBe(403);
    expect(await other.cookies()).toHaveLength(0);
  } finally {
    await other.close();
  }
});

test.describe('the WebSocket', () => {
  let foreign: Server;
  let foreignOrigin: string;
  test.beforeAll(async () => {
    foreign = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise<void>((resolve) => foreign.close(() => resolve()));
  });

  test('refuses a page from a foreign origin even though the browser sends the session cookie', async ({ consoleServer, page }) => {
    await signInToBarePage(page, consoleServer);
    const wsUrl = consoleServer.origin.replace('http', 'ws') + WS_PATH;
    // Same site (127.0.0.1, another port), so SameSite=Strict does not stop the cookie: the Origin check must.
    await page.goto(foreignOrigin);
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      wsUrl,
    );
    expect(outcome).toBe('refused');

    const cookie = await cookieHeader(page.context());
    expect(await upgradeStatus(wsUrl, { Cookie: cookie, Origin: foreignOrigin })).toBe(403);
    expect(await upgradeStatus(wsUrl, { Cookie: cookie, Origin: consoleServer.origin, Host: 'rebound.example:80' })).toBe(403);
    expect(await upgradeStatus(wsUrl, { Cookie: cookie, Origin: consoleServer.origin })).toBe(101);
  });

  test('refuses a socket without the session cookie', async ({ consoleServer }) => {
    const wsUrl = consoleServer.origin.replace('http', 'ws') + WS_PATH;
    expect(await upgradeStatus(wsUrl, { Origin: consoleServer.origin })).toBe(403);
    expect(await upgradeStatus(wsUrl, { Origin: consoleServer.origin, Cookie: 'pb_session_1=forged' })).toBe(403);
  });

  test('answers malformed frames with a validation error; a fatal one closes the socket', async ({ consoleServer, page }) => {
    const secret = await signInToBarePage(page, consoleServer);
    const url = consoleServer.origin.replace('http', 'ws') + WS_PATH;
    const auth = JSON.stringify({ t: 'auth', secret });
    const ping = (id: unknown, sentAt: unknown) => JSON.stringify({ t: 'req', id, channel: 'app:ping', payload: { sentAt } });

    const recoverable = await talk(page, url, [auth, ping(7, 'yesterday'), ping(9, 1)], 2);
    expect(recoverable.received[0]).toMatchObject({ t: 'res', id: 7, result: { ok: false, error: { code: 'validation' } } });
    expect(recoverable.received[1]).toMatchObject({ t: 'res', id: 9, result: { ok: true, value: { sentAt: 1 } } });

    for (const bad of ['{not json', JSON.stringify({ t: 'req', id: 'eight' })]) {
      const fatal = await talk(page, url, [auth, bad, ping(10, 1)], 99);
      expect(fatal.received).toEqual([{ t: 'fatal', error: expect.objectContaining({ code: 'validation' }) }]);
      expect(fatal.closeCode).toBe(1007);
    }

    const oversized = await talk(page, url, [auth, JSON.stringify({ t: 'req', id: 11, channel: 'app:ping', payload: { pad: 'x'.repeat(1024 * 1024) } })], 1);
    expect(oversized.received[0]).toMatchObject({ t: 'res', id: 11, result: { ok: false, error: { code: 'validation', message: expect.stringContaining('1 MiB') } } });
  });

  test('the session cookie reaches another 127.0.0.1 port, but without the tab secret it opens nothing', async ({ consoleServer, page }) => {
    await signInToBarePage(page, consoleServer);
    const url = consoleServer.origin.replace('http', 'ws') + WS_PATH;
    // The browser sends the console's cookie to any server on 127.0.0.1, whatever its port.
    let leaked = '';
    const thief = createServer((req, res) => {
      leaked = req.headers.cookie ?? '';
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>thief</title>');
    });
    await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(thief.address() as AddressInfo).port}/`);
      expect(leaked).toContain('pb_session_');
    } finally {
      await new Promise<void>((resolve) => thief.close(() => resolve()));
    }
    // With the leaked cookie and a forged Origin the upgrade succeeds, but the first frame must carry the tab secret.
    const outcome = await new Promise<{ frames: unknown[]; code: number }>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { Cookie: leaked, Origin: consoleServer.origin } });
      const frames: unknown[] = [];
      ws.on('message', (data) => frames.push(JSON.parse(String(data))));
      ws.once('open', () => ws.send(JSON.stringify({ t: 'req', id: 1, channel: 'profiles:list', payload: {} })));
      ws.once('close', (code) => resolve({ frames, code }));
      ws.once('error', reject);
    });
    expect(outcome.frames).toEqual([{ t: 'fatal', error: expect.objectContaining({ code: 'forbidden' }) }]);
    expect(outcome.code).toBe(1008);
    // The page of our origin without the secret (another tab, or a script that found the cookie) is refused too.
    await page.goto(`${consoleServer.origin}/not-the-app.txt`);
    const bare = await talk(page, url, [JSON.stringify({ t: 'auth', secret: 'guess' })], 99);
    expect(bare.closeCode).toBe(1008);
  });
});
