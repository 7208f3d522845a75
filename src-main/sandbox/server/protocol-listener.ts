import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { capMqttPackets, MAX_MQTT_PACKET_BYTES } from './mqtt-packet-cap.ts';

/** MQTT CONNECT packets start with 0x10; anything else on a sandbox port is treated as HTTP. */
const MQTT_CONNECT = 0x10;

export interface ProtocolListenerOptions {
  /** TLS material for the listener (key + cert chain), plus requestCert for X.509 device attestation. */
  tls: tls.TlsOptions;
  /** Receives every TLS socket whose first byte is an MQTT CONNECT. */
  onMqtt: (socket: tls.TLSSocket) => void;
  /** Receives every TLS socket whose first bytes are the AMQP protocol header (`AMQP`, with or without SASL). */
  onAmqp?: (socket: tls.TLSSocket) => void;
  /** Receives every other TLS socket, as an HTTP connection. */
  http: HttpServer;
  /** Close sockets that send nothing within this many ms (half-open TLS, idle probes). */
  firstByteTimeoutMs?: number;
  /** Drop an MQTT connection whose packet announces more than this (default MAX_MQTT_PACKET_BYTES). */
  maxMqttPacketBytes?: number;
}

/**
 * One TLS port that serves every protocol of a service, as Azure does on one host name: the
 * first decrypted byte decides whether the connection goes to the MQTT broker or the HTTP server.
 */
export function createProtocolListener(options: ProtocolListenerOptions): tls.Server {
  const timeoutMs = options.firstByteTimeoutMs ?? 10_000;
  const server = tls.createServer(options.tls, (socket) => {
    socket.on('error', () => socket.destroy());
    // Request/response over MQTT is many small writes: Nagle + delayed ACK would add ~40 ms each.
    socket.setNoDelay(true);
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.once('readable', () => {
      clearTimeout(timer);
      const chunk = socket.read() as Buffer | null;
      if (!chunk || chunk.length === 0) {
        socket.destroy();
        return;
      }
      socket.unshift(chunk);
      if (chunk[0] === MQTT_CONNECT) {
        // Before the broker sees a byte: the unshifted chunk, CONNECT included, passes the cap too.
        capMqttPackets(socket, options.maxMqttPacketBytes ?? MAX_MQTT_PACKET_BYTES);
        options.onMqtt(socket);
      } else if (options.onAmqp && isAmqpHeader(chunk)) options.onAmqp(socket);
      else options.http.emit('connection', socket as Socket);
    });
  });
  server.on('tlsClientError', (_err, socket) => socket.destroy());
  return server;
}

/** AMQP 1.0 connections open with "AMQP" then protocol id, major, minor, revision (0 = AMQP, 3 = SASL). */
function isAmqpHeader(chunk: Buffer): boolean {
  return chunk.length >= 4 && chunk.toString('latin1', 0, 4) === 'AMQP';
}

/** Listens on host:port (0 = any free port) and resolves with the port actually bound. */
export function listen(server: tls.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
