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
 * origin and cookie, not the renderer (whose first paint starts the sandbox).
 */
async function signInToBarePage(page: Page, server: { url: string; origin: string }): Promise<void> {
  expect((await page.request.get(server.url, { maxRedirects: 0 })).status()).toBe(303);
  await page.goto(`${server.origin}/not-the-app.txt`);
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

  test('answers malformed frames with a validation error and keeps serving', async ({ consoleServer, page }) => {
    await signInToBarePage(page, consoleServer);
    const replies = await page.evaluate(async (url) => {
      const ws = new WebSocket(url);
      const inbox: unknown[] = [];
      const waiters: Array<() => void> = [];
      ws.onmessage = (e) => {
        inbox.push(JSON.parse(String(e.data)));
        waiters.shift()?.();
      };
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      const next = () => new Promise<unknown>((resolve) => (inbox.length ? resolve(inbox.shift()) : waiters.push(() => resolve(inbox.shift()))));
      ws.send('{not json');
      const badJson = await next();
      ws.send(JSON.stringify({ t: 'req', id: 7, channel: 'app:ping', payload: { sentAt: 'yesterday' } }));
      const badPayload = await next();
      ws.send(JSON.stringify({ t: 'req', id: 'eight' }));
      const badShape = await next();
      ws.send(JSON.stringify({ t: 'req', id: 9, channel: 'app:ping', payload: { sentAt: 1 } }));
      const good = await next();
      ws.close();
      return { badJson, badPayload, badShape, good };
    }, consoleServer.origin.replace('http', 'ws') + WS_PATH);

    expect(replies.badJson).toMatchObject({ t: 'fatal', error: { code: 'validation' } });
    expect(replies.badPayload).toMatchObject({ t: 'res', id: 7, result: { ok: false, error: { code: 'validation' } } });
    expect(replies.badShape).toMatchObject({ t: 'fatal', error: { code: 'validation' } });
    expect(replies.good).toMatchObject({ t: 'res', id: 9, result: { ok: true, value: { sentAt: 1 } } });
  });
});
