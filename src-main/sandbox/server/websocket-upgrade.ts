import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { capMqttPackets, MAX_MQTT_PACKET_BYTES } from './mqtt-packet-cap.ts';

/** The path IoT Hub and DPS serve WebSockets on (the SDKs' MqttWs, AmqpWs and DPS's MQTT-WS). */
export const IOTHUB_WEBSOCKET_PATH = '/$iothub/websocket';

/**
 * What a WebSocket becomes: a byte stream handed to the protocol's handler as if it were the TLS
 * socket. `getPeerCertificate` is forwarded from the TLS socket under it, so X.509 devices
 * authenticate over WebSockets exactly as over TLS.
 */
export type StreamHandler = (stream: Duplex) => void;

/**
 * Handlers by WebSocket subprotocol (`mqtt`, `AMQPWSB10`), matched case-insensitively. A protocol
 * plugs in with one entry; a subprotocol without a handler is refused at the upgrade.
 */
export type WebSocketProtocols = Record<string, StreamHandler | undefined>;

/**
 * `/$iothub/websocket` (IoT SDKs) and `/$servicebus/websocket` (Event Hubs clients). The Node SDK's
 * MqttWs given `HostName=host:PORT` dials 443 and asks for `/:PORT/$iothub/websocket`
 * (amqp-wire.md §8); accepting that form lets a port-forward from 443 serve it.
 */
const PATH = /^(?:\/:\d{1,5})?\/\$(?:iothub|servicebus)\/websocket$/i;

/** Mqtt.js writes each MQTT field as its own WebSocket message; the stream joins them again. */
const MAX_WS_MESSAGE_BYTES = MAX_MQTT_PACKET_BYTES + 1024;

/** Serves WebSocket upgrades on `server` (never listening: a protocol listener feeds it sockets). */
export function acceptWebSockets(server: HttpServer, protocols: WebSocketProtocols): void {
  const handlers = new Map(Object.entries(protocols).flatMap(([name, handler]) => (handler ? [[name.toLowerCase(), handler] as const] : [])));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WS_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: (offered) => [...offered].find((name) => handlers.has(name.toLowerCase())) ?? false,
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim().toLowerCase());
    if (!PATH.test(path) || !offered.some((name) => handlers.has(name))) {
      const reason = PATH.test(path) ? `no supported subprotocol (this port serves ${[...handlers.keys()].join(', ')})` : `WebSockets are served on ${IOTHUB_WEBSOCKET_PATH} and /$servicebus/websocket only`;
      socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const handler = handlers.get(ws.protocol.toLowerCase());
      if (!handler) return ws.terminate();
      const stream = createWebSocketStream(ws);
      stream.on('error', () => stream.destroy());
      const tlsSocket = req.socket as TLSSocket;
      Object.assign(stream, { getPeerCertificate: (detailed?: boolean) => tlsSocket.getPeerCertificate?.(detailed as true) });
      if (ws.protocol.toLowerCase() === 'mqtt') capMqttPackets(stream);
      handler(stream);
    });
  });
}
