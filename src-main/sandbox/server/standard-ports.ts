import { lookup } from 'node:dns/promises';
import type { Server as HttpServer } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { createProtocolListener, listen } from './protocol-listener.ts';

/** The ports Azure serves, which every device SDK dials when the host name carries none. */
export const STANDARD_PORTS = { https: 443, mqtt: 8883, amqp: 5671 } as const;
export type StandardPortName = keyof typeof STANDARD_PORTS;

/** A service reachable by server name: the DPS or one hub. */
export interface SniTarget {
  http: HttpServer;
  handleMqtt(socket: Duplex): void;
  /** AMQP (5671 and any port, by protocol header): the hubs and the DPS. */
  handleAmqpSocket?(socket: Duplex): void;
}

/** What the ready line says about standard ports: which names route where, which ports listen. */
export interface StandardPortsInfo {
  /** The address the names must resolve to (what devices dial). */
  address: string;
  /** Server name → `dps` or the hub's name. */
  names: Record<string, string>;
  /**
   * Each standard port, or null where the operating system refused it (the reason went to
   * stderr). Every port serves every protocol (HTTPS + WebSockets, MQTT, AMQP), routed by name.
   */
  ports: Record<StandardPortName, number | null>;
  /** The /etc/hosts line that makes the names resolve (on this machine and on devices). */
  hostsEntry: string;
  /** Names this machine's resolver does not map to `address` (the hosts entry fixes that). */
  unresolved: string[];
}

/** `dps.<base>` and `<hub>.<base>`: one DNS name per service, as Azure gives each its own. */
export function serviceHostNames(base: string, hubNames: string[]): { dps: string; hubs: string[] } {
  const suffix = base.toLowerCase().replace(/\.$/, '');
  return { dps: `dps.${suffix}`, hubs: hubNames.map((name) => `${name.toLowerCase()}.${suffix}`) };
}

/** A usable `--host-name`: a DNS name (letters, digits, hyphens, dots), not an address. */
export function validHostNameBase(name: string): boolean {
  return isIP(name) === 0 && name.length <= 200 && /^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i.test(name);
}

/**
 * One TLS listener for every service, told apart by the server name the client sends (SNI), as
 * Azure tells them apart by DNS. A handshake naming no known service is refused at once, so a
 * client with the wrong name gets a TLS error, never another service's answers.
 */
export function createSniListener(options: { key: string; cert: string }, route: (serverName: string) => SniTarget | undefined): tls.Server {
  const context = tls.createSecureContext(options);
  const targetOf = (socket: tls.TLSSocket) => (typeof socket.servername === 'string' ? route(socket.servername.toLowerCase()) : undefined);
  return createProtocolListener({
    tls: {
      ...options,
      requestCert: true,
      rejectUnauthorized: false,
      SNICallback: (name, done) => (route(name.toLowerCase()) ? done(null, context) : done(new Error(`unknown server name ${name}`))),
    },
    onMqtt: (socket) => {
      const target = targetOf(socket);
      if (target) target.handleMqtt(socket);
      else socket.destroy();
    },
    onAmqp: (socket) => {
      const target = targetOf(socket);
      if (target?.handleAmqpSocket) target.handleAmqpSocket(socket);
      else socket.destroy();
    },
    // The listener hands HTTP sockets to `http.emit('connection')`: route each by its server name.
    http: {
      emit: (event: string, socket: tls.TLSSocket) => {
        const target = targetOf(socket);
        if (target) return target.http.emit(event, socket);
        socket.destroy();
        return false;
      },
    } as unknown as HttpServer,
  });
}

/** Binds each standard port it can; a refusal is one clear line for the operator, not a failed start. */
export async function listenOnStandardPorts(makeServer: () => tls.Server, address: string, notice: (line: string) => void): Promise<{ servers: tls.Server[]; ports: Record<StandardPortName, number | null> }> {
  const servers: tls.Server[] = [];
  const ports = { https: null, mqtt: null, amqp: null } as Record<StandardPortName, number | null>;
  for (const [name, port] of Object.entries(STANDARD_PORTS) as [StandardPortName, number][]) {
    const server = makeServer();
    try {
      ports[name] = await listen(server, address, port);
      servers.push(server);
    } catch (error) {
      notice(`sandbox: cannot listen on ${address}:${port} (${name}): ${refusalReason(error as NodeJS.ErrnoException, port)}`);
    }
  }
  return { servers, ports };
}

function refusalReason(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === 'EACCES' && port < 1024) {
    return 'permission denied — ports below 1024 need root, CAP_NET_BIND_SERVICE (setcap cap_net_bind_service=+ep on node) or sysctl net.ipv4.ip_unprivileged_port_start=443';
  }
  if (error.code === 'EADDRINUSE') return 'another program already listens there';
  return error.message;
}

/** The names that do not resolve to `address` here (so the ready line can print the hosts entry). */
export async function unresolvedNames(names: string[], address: string): Promise<string[]> {
  const loopback = address.startsWith('127.') || address === '::1';
  const results = await Promise.all(
    names.map(async (name) => {
      try {
        const found = await lookup(name, { all: true });
        return found.some((entry) => entry.address === address || (loopback && (entry.address.startsWith('127.') || entry.address === '::1'))) ? null : name;
      } catch {
        return name;
      }
    }),
  );
  return results.filter((name): name is string => name !== null);
}
