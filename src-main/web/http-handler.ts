import type { IncomingMessage, ServerResponse } from 'node:http';
import { TAB_SECRET_FRAGMENT } from '../../src-shared/contract/wire.ts';
import { hostIsOurs } from './request-guard.ts';
import { securityHeaders } from './security-headers.ts';
import type { SessionGate } from './session-gate.ts';
import { readRendererFile } from './static-files.ts';

export interface HttpHandlerOptions {
  port: number;
  gate: SessionGate;
  rendererDir: string;
  log: (line: string) => void;
}

/** Serves the built renderer to holders of a session, after trading the launch token for one. */
export function createHttpHandler(options: HttpHandlerOptions) {
  const { port, gate, rendererDir, log } = options;
  const headers = securityHeaders(port);

  function page(res: ServerResponse, status: number, title: string, text: string, extra: Record<string, string> = {}): void {
    const body = `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><p>${text}</p>`;
    res.writeHead(status, { ...headers, ...extra, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostIsOurs(req, port)) {
      page(res, 421, 'Misdirected request', 'This console answers only at its 127.0.0.1 address.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      page(res, 405, 'Method not allowed', 'The console serves files only.', { Allow: 'GET, HEAD' });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const token = url.searchParams.get('token');
    if (token !== null) {
      const redeemed = gate.redeem(token);
      if (redeemed === null) {
        log('web shell: refused a launch link that was wrong or already used');
        page(res, 403, 'Link already used', 'This console link is not valid or has already been used. Start the console again for a new link.');
        return;
      }
      url.searchParams.delete('token');
      // The tab secret rides in the fragment: the browser keeps it for the page and never sends it to any server.
      const location = `${url.pathname}${url.search}#${TAB_SECRET_FRAGMENT}=${redeemed.tabSecret}`;
      res.writeHead(303, { ...headers, 'Set-Cookie': gate.sessionCookie(redeemed.session), Location: location, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (!gate.admits(req.headers.cookie)) {
      page(res, 401, 'Sign-in needed', 'Open the console with the link printed when it started.');
      return;
    }
    const file = await readRendererFile(rendererDir, url.pathname);
    if (file === null) {
      const built = await readRendererFile(rendererDir, '/index.html');
      if (built === null) page(res, 503, 'Renderer not built', 'Run <code>node scripts/build.mjs renderer</code>, then reload.');
      else page(res, 404, 'Not found', 'No such file.');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': file.contentType, 'Cache-Control': file.cacheControl, 'Content-Length': String(file.body.length) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
}
