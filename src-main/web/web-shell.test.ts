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

async function signIn(): Promise<string> {
  const res = await get(new URL(shell.url).pathname + new URL(shell.url).search);
  expect(res.status).toBe(303);
  const setCookie = String(res.headers['set-cookie']);
  return setCookie.split(';')[0]!;
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
    expect(res.headers.location).toBe('/');
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
    ws = await connect({ Origin: shell.origin, Cookie: sessionCookie });
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

  it('answers malformed frames with validation errors and keeps serving', async () => {
    const cases: Array<[string | Buffer, unknown]> = [
      ['{nope', { t: 'fatal', error: { code: 'validation', message: 'Frame is not valid JSON.' } }],
      [Buffer.from([1, 2, 3]), { t: 'fatal', error: { code: 'validation' } }],
      [JSON.stringify([1, 2]), { t: 'fatal', error: { code: 'validation' } }],
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

  it('closes a socket that sends a frame over 1 MiB, and keeps serving others', async () => {
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send('x'.repeat(1024 * 1024 + 1));
    expect(await closed).toBe(1009);
    const other = await connect({ Origin: shell.origin, Cookie: sessionCookie });
    const reply = nextFrame(other);
    other.send(JSON.stringify({ t: 'req', id: 1, channel: 'app:ping', payload: { sentAt: 1 } }));
    expect(await reply).toMatchObject({ result: { ok: true } });
    other.close();
  });

  it('delivers service events to every connected socket', async () => {
    const second = await connect({ Origin: shell.origin, Cookie: sessionCookie });
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
