import type { WebSocket } from 'ws';
import type { ErrorShape } from '../../src-shared/contract/result.ts';
import type { ServerFrame } from '../../src-shared/contract/wire.ts';
import type { Router } from '../router/router.ts';
import type { SessionGate } from './session-gate.ts';
import { CLOSE, parseAuthFrame, parseClientFrame } from './socket-frames.ts';

/** Past this much unsent data a socket is too slow to keep up; it misses events rather than growing memory. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** A socket that has not sent its tab secret by then is closed. */
const AUTH_TIMEOUT_MS = 10_000;

export interface SocketContext {
  router: Router;
  gate: SessionGate;
  /** The session its upgrade's cookie named. */
  session: string;
  log: (line: string) => void;
}

/** Sockets that sent the right tab secret; only they receive events. */
const authenticated = new WeakSet<WebSocket>();

/**
 * Carries one socket's requests to the router and its replies back. The first frame must be
 * `{t:'auth', secret}` with the tab secret of the cookie's session; anything else, or nothing
 * within 10 s, gets a fatal frame and the socket is closed.
 */
export function serveSocket(socket: WebSocket, context: SocketContext): void {
  const { router, gate, session, log } = context;
  const timer = setTimeout(() => closeFatal(socket, { code: 'forbidden', message: 'The socket sent no tab secret in time.' }, CLOSE.policy), AUTH_TIMEOUT_MS);
  timer.unref();
  socket.on('message', (data, isBinary) => {
    if (!authenticated.has(socket)) {
      clearTimeout(timer);
      if (!gate.tabSecretMatches(session, parseAuthFrame(data as Buffer, isBinary))) {
        log('web shell: refused a socket whose first frame did not carry the tab secret');
        closeFatal(socket, { code: 'forbidden', message: 'This tab is not signed in to the console: open it with a new link (start the console again).' }, CLOSE.policy);
        return;
      }
      authenticated.add(socket);
      return;
    }
    if (!gate.touch(session)) {
      closeFatal(socket, sessionEnded(), CLOSE.policy);
      return;
    }
    const parsed = parseClientFrame(data as Buffer, isBinary);
    if (parsed.kind === 'refusal') {
      if (parsed.reply.t === 'fatal') closeFatal(socket, parsed.reply.error, parsed.close ?? CLOSE.invalidData);
      else send(socket, parsed.reply);
      return;
    }
    const { id, channel, payload } = parsed.frame;
    void router.handle(channel, payload, { shell: 'web' }).then((result) => send(socket, { t: 'res', id, result }));
  });
  socket.on('close', () => clearTimeout(timer));
  socket.on('error', (error) => {
    // ws reports protocol violations (a frame over the hard limit, bad UTF-8) here and closes the socket itself.
    log(`web shell: socket closed on a protocol error: ${error.message}`);
  });
}

export function sessionEnded(): ErrorShape {
  return { code: 'unauthorized', message: 'The console session ended after a long time without use: start the console again for a new link.' };
}

/** A fatal frame always ends the socket: the client is told why, then the connection closes. */
export function closeFatal(socket: WebSocket, error: ErrorShape, code: number): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(JSON.stringify({ t: 'fatal', error } satisfies ServerFrame));
  socket.close(code, error.code);
}

export function send(socket: WebSocket, frame: ServerFrame): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (frame.t === 'evt' && (!authenticated.has(socket) || socket.bufferedAmount > MAX_BUFFERED_BYTES)) return false;
  socket.send(JSON.stringify(frame));
  return true;
}
