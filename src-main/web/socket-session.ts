import type { WebSocket } from 'ws';
import type { ServerFrame } from '../../src-shared/contract/wire.ts';
import type { Router } from '../router/router.ts';
import { parseClientFrame } from './socket-frames.ts';

/** Past this much unsent data a socket is too slow to keep up; it misses events rather than growing memory. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Carries one authenticated socket's requests to the router and its replies back. */
export function serveSocket(socket: WebSocket, router: Router, log: (line: string) => void): void {
  socket.on('message', (data, isBinary) => {
    const parsed = parseClientFrame(data as Buffer, isBinary);
    if (parsed.kind === 'refusal') {
      send(socket, parsed.reply);
      return;
    }
    const { id, channel, payload } = parsed.frame;
    void router.handle(channel, payload, { shell: 'web' }).then((result) => send(socket, { t: 'res', id, result }));
  });
  socket.on('error', (error) => {
    // ws reports protocol violations (oversize frame, bad UTF-8) here and closes the socket itself.
    log(`web shell: socket closed on a protocol error: ${error.message}`);
  });
}

export function send(socket: WebSocket, frame: ServerFrame): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (frame.t === 'evt' && socket.bufferedAmount > MAX_BUFFERED_BYTES) return false;
  socket.send(JSON.stringify(frame));
  return true;
}
