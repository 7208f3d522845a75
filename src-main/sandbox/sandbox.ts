import http from 'node:http';
import { X509Certificate } from 'node:crypto';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { loadConfig, saveConfig } from './config.ts';
import { createDps } from './dps/dps.ts';
import type { Dps } from './dps/dps.ts';
import { x509SigningCertificates } from './dps/dps-store.ts';
import { createHub } from './hub/hub.ts';
import { createAdt } from './adt/adt.ts';
import type { Adt } from './adt/adt.ts';
import type { Hub } from './hub/hub.ts';
import { ensureCertificates } from './server/ca.ts';
import { preparePrivateDataDir } from './store/private-data-dir.ts';
import { createProtocolListener, listen } from './server/protocol-listener.ts';
import { SandboxDatabase } from './store/database.ts';
import type { StandardPortsInfo } from './server/standard-ports.ts';
import { createSniListener, listenOnStandardPorts, serviceHostNames, unresolvedNames } from './server/standard-ports.ts';

export interface SandboxOptions {
  dataDir: string;
  /** Hubs linked to the one DPS (default 2). */
  hubs?: number;
  /** Address to bind (default 127.0.0.1). */
  listen?: string;
  throttle?: boolean;
  webhookTimeoutMs?: number;
  /** Where a one-line notice for the operator goes (a replaced CA); default stderr. */
  notice?: (line: string) => void;
  /**
   * Also listen on 443, 8883 and 5671 and tell the services apart by TLS server name:
   * `dps.<hostName>`, `<hub>.<hostName>`. Host names then carry no port.
   */
  standardPorts?: boolean;
  /** The DNS suffix for standard-port names (default `localhost`); a bench LAN's name for devices on it. */
  hostName?: string;
}

/** What `provisioning-bench sandbox` prints: everything a client needs to connect. */
export interface SandboxInfo {
  idScope: string;
  provisioningHost: string;
  dpsConnectionString: string;
  /** `eventHubConnectionString`: the hub's built-in Event Hub-compatible endpoint, as the portal shows it. */
  hubs: { hostName: string; connectionString: string; eventHubConnectionString: string }[];
  caCertificatePath: string;
  /** With `standardPorts`: the names, ports and hosts entry (see server/standard-ports.ts). */
  standardPorts?: StandardPortsInfo;
  /**
   * Azure Digital Twins on its own port. No Entra ID offline: `accessToken` is the bearer token the
   * sandbox issued (kept in sandbox.json); a TokenCredential returns it for `scope`.
   */
  digitalTwins: { url: string; accessToken: string; scope: string };
}

export interface Sandbox extends SandboxInfo {
  /** The ADT instance in this process (tests read its store; the console goes through `digitalTwins.url`). */
  adt: Adt;
  close(): Promise<void>;
}


interface Target {
  http: http.Server;
  handleMqtt(socket: Duplex): void;
  handleAmqpSocket?(socket: Duplex): void;
}

/** A protocol listener bound before its service exists (the service needs the bound port in its host name). */
function deferredListener(tls: { key: string; cert: string }, sockets: Set<TLSSocket>) {
  const slot: { target?: Target } = {};
  const notReady = http.createServer((_req, res) => res.writeHead(503, { 'Retry-After': '1' }).end());
  const server = createProtocolListener({
    tls: { ...tls, requestCert: true, rejectUnauthorized: false },
    onMqtt: (socket) => (slot.target ? slot.target.handleMqtt(socket) : socket.destroy()),
    onAmqp: (socket) => (slot.target?.handleAmqpSocket ? slot.target.handleAmqpSocket(socket) : socket.destroy()),
    get http() {
      return slot.target?.http ?? notReady;
    },
  });
  return { server: trackSockets(server, sockets), slot };
}

/** Remembers every open TLS socket of `server` so close() can drop them. */
function trackSockets(server: TlsServer, sockets: Set<TLSSocket>): TlsServer {
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return server;
}

/** The previous port when it is still free, else any free port. */
async function bind(server: TlsServer, host: string, preferred: number): Promise<number> {
  if (preferred > 0) {
    try {
      return await listen(server, host, preferred);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    }
  }
  return listen(server, host, 0);
}

/** Whether an address only this machine can reach. */
export function isLoopbackAddress(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.');
}

/**
 * The sandbox: one DPS linked to N hubs, each on its own TLS port serving every protocol, over
 * one database in the data dir. Ports, keys, id scope and CA persist there across restarts.
 */
export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const listenAddress = options.listen ?? '127.0.0.1';
  // Clients need an address they can dial: a wildcard bind is advertised as loopback.
  const advertised = listenAddress === '0.0.0.0' || listenAddress === '::' ? '127.0.0.1' : listenAddress;
  const hostOf = (port: number) => (isIP(advertised) === 6 ? `[${advertised}]:${port}` : `${advertised}:${port}`);
  const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  preparePrivateDataDir(options.dataDir);
  const config = loadConfig(options.dataDir, options.hubs ?? 2);
  const base = options.hostName ?? 'localhost';
  const names = options.standardPorts ? serviceHostNames(base, config.hubs.map((hub) => hub.name)) : undefined;
  // With standard ports a service is its name (no port), as on Azure; otherwise address:port.
  const dpsHost = (port: number) => names?.dps ?? hostOf(port);
  const hubHost = (i: number, port: number) => names?.hubs[i] ?? hostOf(port);
  const certificates = ensureCertificates(options.dataDir, [advertised, ...(names ? [base, names.dps, ...names.hubs] : [])], notice);
  const tls = { key: certificates.serverKeyPem, cert: certificates.serverCertificatePem };
  const database = new SandboxDatabase(join(options.dataDir, 'sandbox.db'));
  const sockets = new Set<TLSSocket>();
  const listeners: TlsServer[] = [];
  const hubs: Hub[] = [];
  let dps: Dps | undefined;
  let adt: Adt | undefined;
  try {
    const hubPorts: number[] = [];
    const hubSlots: { target?: Target }[] = [];
    for (const hubConfig of config.hubs) {
      const { server, slot } = deferredListener(tls, sockets);
      listeners.push(server);
      hubPorts.push(await bind(server, listenAddress, hubConfig.port));
      hubSlots.push(slot);
    }
    const dpsListener = deferredListener(tls, sockets);
    listeners.push(dpsListener.server);
    const dpsPort = await bind(dpsListener.server, listenAddress, config.dps.port);
    const adtConfig = config.adt ?? { port: 0, accessToken: '' };
    const adtListener = deferredListener(tls, sockets);
    listeners.push(adtListener.server);
    const adtPort = await bind(adtListener.server, listenAddress, adtConfig.port);
    saveConfig(options.dataDir, {
      ...config,
      dps: { ...config.dps, port: dpsPort },
      hubs: config.hubs.map((hub, i) => ({ ...hub, port: hubPorts[i] ?? 0 })),
      adt: { ...adtConfig, port: adtPort },
    });
    adt = createAdt({ db: database, accessToken: adtConfig.accessToken });
    adtListener.slot.target = adt;

    for (const [i, hubConfig] of config.hubs.entries()) {
      const hub = await createHub({
        db: database,
        name: hubConfig.name,
        hostName: hubHost(i, hubPorts[i] ?? 0),
        ownerKey: hubConfig.ownerKey,
        ...(hubConfig.latencyMs !== undefined ? { latencyMs: hubConfig.latencyMs } : {}),
        throttle: options.throttle ?? false,
        // The service verifies a CA on the hub; here the DPS's X.509 group signing certificates are the verified set.
        trustedDeviceCas: () => (dps ? x509SigningCertificates(dps.store).map((pem) => new X509Certificate(pem)) : []),
      });
      hubs.push(hub);
      (hubSlots[i] as { target?: Target }).target = hub;
    }
    dps = await createDps({
      db: database,
      idScope: config.idScope,
      hostName: dpsHost(dpsPort),
      serviceKeys: [config.dps.primaryKey, config.dps.secondaryKey],
      hubs: hubs.map((hub) => hub.provisioning),
      throttle: options.throttle ?? false,
      ...(options.webhookTimeoutMs !== undefined ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
    });
    dpsListener.slot.target = dps;
    const openDps = dps;
    let standardPorts: StandardPortsInfo | undefined;
    if (names) {
      const routes = new Map<string, Target>([[names.dps, openDps], ...names.hubs.map((name, i) => [name, hubs[i] as Hub] as const)]);
      const bound = await listenOnStandardPorts(() => trackSockets(createSniListener(tls, (name) => routes.get(name)), sockets), listenAddress, notice);
      listeners.push(...bound.servers);
      const all = [...routes.keys()];
      const unresolved = await unresolvedNames(all, advertised);
      standardPorts = { address: advertised, names: Object.fromEntries([[names.dps, 'dps'], ...names.hubs.map((name, i) => [name, config.hubs[i]?.name ?? ''])]), ports: bound.ports, hostsEntry: `${advertised} ${all.join(' ')}`, unresolved };
      if (unresolved.length > 0) notice(`sandbox: ${unresolved.join(', ')} do not resolve to ${advertised} on this machine; add this line to /etc/hosts (and on each device, with the address it reaches this machine by): ${standardPorts.hostsEntry}`);
    }
    const openAdt = adt;
    let closing: Promise<void> | undefined;
    return {
      idScope: config.idScope,
      provisioningHost: dpsHost(dpsPort),
      dpsConnectionString: `HostName=${dpsHost(dpsPort)};SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${config.dps.primaryKey}`,
      hubs: config.hubs.map((hubConfig, i) => ({
        hostName: hubHost(i, hubPorts[i] ?? 0),
        connectionString: `HostName=${hubHost(i, hubPorts[i] ?? 0)};SharedAccessKeyName=iothubowner;SharedAccessKey=${hubConfig.ownerKey}`,
        eventHubConnectionString: `Endpoint=sb://${hubHost(i, hubPorts[i] ?? 0)}/;SharedAccessKeyName=iothubowner;SharedAccessKey=${hubConfig.ownerKey};EntityPath=${hubConfig.name}`,
      })),
      caCertificatePath: certificates.caCertificatePath,
      ...(standardPorts ? { standardPorts } : {}),
      digitalTwins: { url: `https://${hostOf(adtPort)}`, accessToken: adtConfig.accessToken, scope: 'https://digitaltwins.azure.net/.default' },
      adt,
      close: () => (closing ??= shutDown(listeners, sockets, [openDps, openAdt, ...hubs], database)),
    };
  } catch (error) {
    await shutDown(listeners, sockets, [...(dps ? [dps] : []), ...(adt ? [adt] : []), ...hubs], database);
    throw error;
  }
}

/** Stop accepting, drop open connections, let the services flush, then close the database last. */
async function shutDown(listeners: TlsServer[], sockets: Set<TLSSocket>, services: { close(): Promise<void> }[], database: SandboxDatabase): Promise<void> {
  const closed = listeners.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())));
  for (const socket of sockets) socket.destroy();
  await Promise.allSettled(services.map((service) => service.close()));
  await Promise.all(closed);
  database.close();
}
