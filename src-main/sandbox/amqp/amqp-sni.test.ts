import http from 'node:http';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { makeTestTls } from '../hub/test-support.ts';
import { listen } from '../server/protocol-listener.ts';
import { createSniListener } from '../server/standard-ports.ts';

// On the standard ports one listener serves every service: an AMQP header goes to the service the TLS server name names.
// The DPS and the hubs all speak AMQP now; a target without it (as a web-only service would be) has the connection dropped.
describe('AMQP on the standard ports', () => {
  it('hands an AMQP connection to the hub its server name names, and drops one for a service without AMQP', async () => {
    const material = makeTestTls();
    const reached: string[] = [];
    const target = (name: string, amqp: boolean) => ({
      http: http.createServer(),
      handleMqtt: (socket: Duplex) => socket.destroy(),
      ...(amqp ? { handleAmqpSocket: (socket: Duplex) => (reached.push(name), socket.destroy()) } : {}),
    });
    const routes = new Map([['hub-a.localhost', target('hub-a', true)], ['web-only.localhost', target('web-only', false)]]);
    const server = createSniListener({ key: material.keyPem, cert: material.certPem }, (name) => routes.get(name));
    const port = await listen(server, '127.0.0.1', 0);
    const open = (servername: string) =>
      new Promise<void>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port, servername, ca: material.caPem, checkServerIdentity: () => undefined }, () => socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 1, 0, 0])));
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        // The server ends (or drops) the connection: either way this side is done.
        socket.on('end', () => {
          socket.destroy();
          resolve();
        });
        socket.resume();
      });
    try {
      await open('hub-a.localhost');
      await open('web-only.localhost');
      expect(reached).toEqual(['hub-a']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
