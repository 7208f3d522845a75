import net from 'node:net';
import tls from 'node:tls';
import type { FuzzCase } from './fuzz-cases.ts';

export interface FuzzOutcome {
  kind: string;
  /** The request line (or first bytes), for reading a failure; carries no key. */
  detail: string;
  /** The HTTP status the sandbox answered with, if it answered HTTP. */
  status: number | null;
  /** The MQTT CONNACK return code, if it answered a CONNECT (0 = accepted). */
  connack: number | null;
  /** How the exchange ended: the sandbox closed, or our cap ran out. */
  ended: 'closed' | 'timeout' | 'handshake-failed';
}

export interface FuzzPorts {
  dps: number;
  hub: number;
  ca: string;
}

// TLS session tickets per port: resumed handshakes keep a few thousand connections within the
// time budget on two cores, and the bytes after the handshake are what the fuzzer is about.
const sessions = new Map<number, Buffer>();

/**
 * Sends one case's bytes on a fresh connection, half-closes, and waits until the sandbox closes
 * (or `capMs` passes). Records the HTTP status line if one came back.
 */
export function sendCase(c: FuzzCase, ports: FuzzPorts, capMs = 3_000): Promise<FuzzOutcome> {
  return new Promise((resolve) => {
    const port = ports[c.port];
    let firstChunk: Buffer | null = null;
    let handshaken = c.layer === 'raw';
    const socket =
      c.layer === 'tls'
        ? tls.connect({ host: '127.0.0.1', port, ca: ports.ca, servername: 'localhost', session: sessions.get(port) }, () => {
            handshaken = true;
            send();
          })
        : net.connect({ host: '127.0.0.1', port }, () => send());
    function send(): void {
      if (c.then) socket.write(c.payload);
      else socket.end(c.payload);
    }
    const finish = (ended: FuzzOutcome['ended']) => {
      clearTimeout(timer);
      socket.destroy();
      const match = firstChunk ? /^HTTP\/1\.[01] (\d{3})/.exec(firstChunk.subarray(0, 20).toString('latin1')) : null;
      const connack = firstChunk && firstChunk.length >= 4 && firstChunk[0] === 0x20 ? (firstChunk[3] as number) : null;
      resolve({ kind: c.kind, connack, detail: c.payload.subarray(0, 80).toString('latin1').split('\r\n')[0] ?? '', status: match ? Number(match[1]) : null, ended: handshaken ? ended : 'handshake-failed' });
    };
    const timer = setTimeout(() => finish('timeout'), capMs);
    socket.on('data', (chunk: Buffer) => {
      if (firstChunk) return;
      firstChunk = chunk;
      if (c.then) socket.end(c.then);
    });
    socket.on('session', (session: Buffer) => sessions.set(port, session));
    socket.on('error', () => undefined);
    socket.on('close', () => finish('closed'));
  });
}

/**
 * Connections that never finish: a TCP socket that stopped mid-ClientHello, and a TLS session
 * that never sends its first byte. The caller holds them open while checking the sandbox answers.
 */
export function openHalfOpen(port: number, ca: string, partialHello: boolean): Promise<net.Socket> {
  return new Promise((resolve) => {
    if (partialHello) {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
        resolve(socket);
      });
      socket.on('error', () => undefined);
      return;
    }
    const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => resolve(socket));
    socket.on('error', () => resolve(socket));
  });
}
