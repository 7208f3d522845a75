import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createHandlers } from '../router/handlers/index.ts';
import { redactSecrets } from '../security/redact.ts';
import { createRouter } from '../router/router.ts';
import { createServices, disposeServices, type Services } from '../services/container.ts';
import type { Ports } from '../services/ports.ts';
import { createHttpHandler } from './http-handler.ts';
import { checkUpgrade } from './request-guard.ts';
import { SessionGate } from './session-gate.ts';
import { CLOSE, HARD_FRAME_BYTES } from './socket-frames.ts';
import { closeFatal, send, serveSocket, sessionEnded } from './socket-session.ts';

export interface WebShellOptions {
  /** 0 or absent picks a free port. */
  port?: number;
  /** Loopback only: the shell is a local console, never a network service. */
  host?: '127.0.0.1';
  dataDir: string;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  appVersion?: string;
  /** Where diagnostics go (stderr in the CLI). Never receives a token or a secret. */
  log?: (line: string) => void;
  /** A session ends after this long without a request (default 2 hours). */
  sessionIdleMs?: number;
}

export interface WebShell {
  /** The address with the one-time launch token; usable once. */
  url: string;
  origin: string;
  port: number;
  services: Services;
  close(): Promise<void>;
}

/** The console as a local web app: the same services and router as Electron, over one WebSocket. */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const log = options.log ?? (() => {});
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const ports: Ports = {
    paths: { userData: options.dataDir },
    shellInfo: { shell: 'web', appVersion: options.appVersion ?? '0.0.0-dev', electronVersion: null, chromeVersion: null },
  };
  const services = await createServices(ports);
  const router = createRouter(createHandlers(services), {
    onInternalError: (channel, error) => log(`web shell: ${channel} failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`),
  });

  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await disposeServices(services);
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const gate = new SessionGate(port, options.sessionIdleMs !== undefined ? { idleMs: options.sessionIdleMs } : {});
  const handleHttp = createHttpHandler({ port, gate, rendererDir: options.rendererDir, log });
  // Attached only now: the gate and the CSP need the port the OS picked.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleHttp(req, res).catch((error: unknown) => {
      log(`web shell: request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal error');
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_BYTES });
  const sessionOfSocket = new Map<WebSocket, string>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const verdict = checkUpgrade(req, port, gate);
    if ('refusal' in verdict) {
      log(`web shell: refused a WebSocket upgrade (${verdict.refusal})`);
      // Destroy only once the refusal is flushed, so the client sees a 403 rather than a reset.
      socket.once('finish', () => socket.destroy());
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      sessionOfSocket.set(ws, verdict.session);
      ws.once('close', () => sessionOfSocket.delete(ws));
      serveSocket(ws, { router, gate, session: verdict.session, log });
    });
  });
  // Idle sessions end: their sockets are told why and closed; their cookie opens nothing any more.
  const sweeper = setInterval(() => {
    gate.sweep();
    for (const [ws, session] of sessionOfSocket) if (!gate.isLive(session)) closeFatal(ws, sessionEnded(), CLOSE.policy);
  }, gate.sweepEveryMs);
  sweeper.unref();
  const unsubscribe = services.events.subscribe((event, payload) => {
    for (const ws of sockets.clients) send(ws, { t: 'evt', event, payload });
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(sweeper);
      unsubscribe();
      for (const ws of sockets.clients) ws.close(1001, 'console stopping');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const ws of sockets.clients) ws.terminate();
      await disposeServices(services);
    })();
    return closing;
  };
  return { url: `${origin}/?token=${gate.token ?? ''}`, origin, port, services, close };
}
