import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../src-shared/contract/wire.ts';
import { startWebShell, type WebShell } from './web-shell.ts';

let dir: string;
let shell: WebShell;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pb-web-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Provisioning Bench</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  shell = await startWebShell({ dataDir: join(dir, 'data'), rendererDir });
});

afterEach(async () => {
  await shell.close();
  await rm(dir, { recursive: true, force: true });
});

/** Raw request, so Host and odd paths go out exactly as written. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: shell.port, path, method, agent: false, headers: { Host: `127.0.0.1:${shell.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let lastTabSecret = '';

/** Trades the launch token; returns the cookie and keeps the tab secret from the redirect's fragment in `lastTabSecret`. */
async function signIn(): Promise<string> {
  const res = await get(new URL(shell.url).pathname + new URL(shell.url).search);
  expect(res.status).toBe(303);
  lastTabSecret = /#pb-tab=([\w-]{43})$/.exec(String(res.headers.location))?.[1] ?? '';
  expect(lastTabSecret).not.toBe('');
  const setCookie = String(res.headers['set-cookie']);
  return setCookie.split(';')[0]!;
}

/** A socket as the console's tab opens it: cookie on the upgrade, tab secret in the first frame. */
async function connectAsTab(cookie: string, secret = lastTabSecret): Promise<WebSocket> {
  const ws = await connect({ Origin: shell.origin, Cookie: cookie });
  ws.send(JSON.stringify({ t: 'auth', secret }));
  return ws;
}

function closeOf(ws: WebSocket): Promise<{ code: number; frames: ServerFrame[] }> {
  const frames: ServerFrame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as ServerFrame));
  ws.on('error', () => {});
  return new Promise((resolve) => ws.once('close', (code) => resolve({ code, frames })));
}

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<ServerFrame> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as ServerFrame)));
}

describe('launch token and session cookie', () => {
  it('trades the token once for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const res = await get(new URL(shell.url).pathname + new URL(shell.url).search);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/#pb-tab=[\w-]{43}$/);
    expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^pb_session_${shell.port}=[\\w-]{43}; HttpOnly; SameSite=Strict; Path=/$`));
    const again = await get(new URL(shell.url).pathname + new URL(shell.url).search);
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a wrong token without spending the right one', async () => {
    expect((await get('/?token=guess')).status).toBe(403);
    await signIn();
  });

  it('serves files only with the session cookie', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/assets/app.js', { Cookie: `pb_session_${shell.port}=forged` })).status).toBe(401);
    const cookie = await signIn();
    const index = await get('/', { Cookie: cookie });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Provisioning Bench</title>');
    const script = await get('/assets/app.js', { Cookie: cookie });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/devices/abc', { Cookie: cookie })).body).toContain('Provisioning Bench');
    expect((await get('/missing.js', { Cookie: cookie })).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    const cookie = await signIn();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(path, { Cookie: cookie });
      expect(res.body).not.toContain('outside the renderer');
    }
  });

  it('sends the strict headers on every response', async () => {
    const res = await get('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${shell.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers only GET and HEAD', async () => {
    const cookie = await signIn();
    const post = await get('/', { Cookie: cookie }, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get('/', { Cookie: cookie }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const res = await get(new URL(shell.url).pathname + new URL(shell.url).search, { Host: `rebound.example:${shell.port}` });
    expect(res.status).toBe(421);
    await signIn();
  });
});

describe('WebSocket upgrade', () => {
  it('needs the cookie, our Origin, our Host and the /ws path', async () => {
    const cookie = await signIn();
    const origin = shell.origin;
    await expect(connect({ Origin: origin })).rejects.toThrow('refused 403');
    await expect(connect({ Origin: 'http://127.0.0.1:1', Cookie: cookie })).rejects.toThrow('refused 403');
    await expect(connect({ Origin: 'null', Cookie: cookie })).rejects.toThrow('refused 403');
    await expect(connect({ Cookie: cookie })).rejects.toThrow('refused 403');
    await expect(connect({ Origin: origin, Cookie: cookie, Host: `evil.example:${shell.port}` })).rejects.toThrow('refused 403');
    const ws = await connect({ Origin: origin, Cookie: cookie });
    ws.close();
  });
});

describe('frames over the socket', () => {
  let ws: WebSocket;
  let sessionCookie: string;
  beforeEach(async () => {
    sessionCookie = await signIn();
    ws = await connectAsTab(sessionCookie);
  });
  afterEach(() => ws.terminate());

  it('carries app:ping through the router', async () => {
    const reply = nextFrame(ws);
    ws.send(JSON.stringify({ t: 'req', id: 1, channel: 'app:ping', payload: { sentAt: 1234 } }));
    expect(await reply).toMatchObject({ t: 'res', id: 1, result: { ok: true, value: { sentAt: 1234 } } });
  });

  it('reports the web shell in app:versions', async () => {
    const reply = nextFrame(ws);
    ws.send(JSON.stringify({ t: 'req', id: 2, channel: 'app:versions', payload: {} }));
    expect(await reply).toMatchObject({ t: 'res', id: 2, result: { ok: true, value: { shell: 'web', electron: null } } });
  });

  it('answers a frame that cannot be read with a fatal validation frame, then closes that socket', async () => {
    const cases: Array<[string | Buffer, unknown, number]> = [
      ['{nope', { t: 'fatal', error: { code: 'validation', message: 'Frame is not valid JSON.' } }, 1007],
      [Buffer.from([1, 2, 3]), { t: 'fatal', error: { code: 'validation' } }, 1003],
      [JSON.stringify([1, 2]), { t: 'fatal', error: { code: 'validation' } }, 1007],
    ];
    ws.terminate();
    for (const [data, expected, code] of cases) {
      const socket = await connectAsTab(sessionCookie);
      const closed = closeOf(socket);
      socket.send(data, { binary: Buffer.isBuffer(data) });
      const { code: closeCode, frames } = await closed;
      expect(frames).toHaveLength(1);
      expect(frames[0]).toMatchObject(expected as object);
      expect(closeCode).toBe(code);
    }
  });

  it('answers malformed requests whose id it can read with validation errors and keeps serving', async () => {
    const cases: Array<[string | Buffer, unknown]> = [
      [JSON.stringify({ t: 'req', id: 3 }), { t: 'res', id: 3, result: { ok: false, error: { code: 'validation' } } }],
      [JSON.stringify({ t: 'req', id: 4, channel: 'app:ping', payload: { sentAt: 'soon' } }), { t: 'res', id: 4, result: { ok: false, error: { code: 'validation' } } }],
      [JSON.stringify({ t: 'req', id: 5, channel: 'nope:nothing', payload: {} }), { t: 'res', id: 5, result: { ok: false, error: { code: 'unknown_channel' } } }],
    ];
    for (const [data, expected] of cases) {
      const reply = nextFrame(ws);
      ws.send(data, { binary: Buffer.isBuffer(data) });
      expect(await reply).toMatchObject(expected as object);
    }
    const reply = nextFrame(ws);
    ws.send(JSON.stringify({ t: 'req', id: 6, channel: 'app:ping', payload: { sentAt: 6 } }));
    expect(await reply).toMatchObject({ t: 'res', id: 6, result: { ok: true } });
  });

  it('refuses a request over 1 MiB with a validation reply naming the limit, and keeps serving', async () => {
    const reply = nextFrame(ws);
    ws.send(JSON.stringify({ t: 'req', id: 11, channel: 'app:ping', payload: { pad: 'x'.repeat(1024 * 1024) } }));
    const frame = await reply;
    expect(frame).toMatchObject({ t: 'res', id: 11, result: { ok: false, error: { code: 'validation' } } });
    expect(JSON.stringify(frame)).toMatch(/at most 1048576 bytes \(1 MiB\)/);
    const next = nextFrame(ws);
    ws.send(JSON.stringify({ t: 'req', id: 12, channel: 'app:ping', payload: { sentAt: 12 } }));
    expect(await next).toMatchObject({ t: 'res', id: 12, result: { ok: true } });
  });

  it('closes a socket that sends an unreadable frame over 1 MiB with a validation message and 1009, and keeps serving others', async () => {
    const closed = closeOf(ws);
    ws.send('x'.repeat(1024 * 1024 + 1));
    const { code, frames } = await closed;
    expect(code).toBe(1009);
    expect(frames).toEqual([{ t: 'fatal', error: { code: 'validation', message: expect.stringMatching(/at most 1048576 bytes/) } }]);
    const other = await connectAsTab(sessionCookie);
    const reply = nextFrame(other);
    other.send(JSON.stringify({ t: 'req', id: 1, channel: 'app:ping', payload: { sentAt: 1 } }));
    expect(await reply).toMatchObject({ result: { ok: true } });
    other.close();
  });

  it('delivers service events to every connected socket', async () => {
    const second = await connectAsTab(sessionCookie);
    // a request answered proves the auth frame was read before the event goes out
    const ready = nextFrame(second);
    second.send(JSON.stringify({ t: 'req', id: 1, channel: 'app:ping', payload: { sentAt: 1 } }));
    await ready;
    const first = nextFrame(ws);
    ws.send(JSON.stringify({ t: 'req', id: 2, channel: 'app:ping', payload: { sentAt: 2 } }));
    await first;
    const both = Promise.all([nextFrame(ws), nextFrame(second)]);
    shell.services.events.emit('app:notice', { level: 'info', message: 'hello sockets' });
    for (const frame of await both) {
      expect(frame).toEqual({ t: 'evt', event: 'app:notice', payload: { level: 'info', message: 'hello sockets' } });
    }
    second.close();
  });

  it('closes its sockets and its port on close()', async () => {
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await shell.close();
    expect(await closed).toBe(1001);
    await expect(get('/')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('the per-tab secret and idle sessions', () => {
  it('refuses a socket that has the session cookie but not the tab secret: fatal frame, then close', async () => {
    const cookie = await signIn();
    for (const first of [JSON.stringify({ t: 'req', id: 1, channel: 'app:ping', payload: { sentAt: 1 } }), JSON.stringify({ t: 'auth', secret: 'guessed' }), JSON.stringify({ t: 'auth', secret: '' })]) {
      const ws = await connect({ Origin: shell.origin, Cookie: cookie });
      const closed = closeOf(ws);
      ws.send(first);
      const { code, frames } = await closed;
      expect(frames).toEqual([{ t: 'fatal', error: { code: 'forbidden', message: expect.stringMatching(/not signed in/) } }]);
      expect(code).toBe(1008);
    }
  });

  it('sends no events to a socket before its tab secret', async () => {
    const cookie = await signIn();
    const ws = await connect({ Origin: shell.origin, Cookie: cookie });
    const closed = closeOf(ws);
    shell.services.events.emit('app:notice', { level: 'info', message: 'not for strangers' });
    ws.send(JSON.stringify({ t: 'auth', secret: 'wrong' }));
    const { frames } = await closed;
    expect(frames.map((f) => f.t)).toEqual(['fatal']);
  });

  it('serves a socket whose first frame carries the tab secret', async () => {
    const cookie = await signIn();
    const ws = await connectAsTab(cookie);
    const reply = nextFrame(ws);
    ws.send(JSON.stringify({ t: 'req', id: 1, channel: 'app:ping', payload: { sentAt: 1 } }));
    expect(await reply).toMatchObject({ t: 'res', id: 1, result: { ok: true } });
    ws.close();
  });
});

describe('idle sessions', () => {
  it('ends a session unused for longer than the limit: its socket is told and closed, its cookie opens nothing', async () => {
    await shell.close();
    shell = await startWebShell({ dataDir: join(dir, 'data'), rendererDir: join(dir, 'renderer'), sessionIdleMs: 300 });
    const cookie = await signIn();
    const ws = await connectAsTab(cookie);
    const closed = closeOf(ws);
    const { code, frames } = await closed;
    expect(frames.at(-1)).toEqual({ t: 'fatal', error: { code: 'unauthorized', message: expect.stringMatching(/session ended/) } });
    expect(code).toBe(1008);
    expect((await get('/', { Cookie: cookie })).status).toBe(401);
    await expect(connect({ Origin: shell.origin, Cookie: cookie })).rejects.toThrow('refused 403');
  });
});
