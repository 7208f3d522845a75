import http from 'node:http';
import { X509Certificate } from 'node:crypto';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { isIP } from 'node:net';
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
}

/** What `provisioning-bench sandbox` prints: everything a client needs to connect. */
export interface SandboxInfo {
  idScope: string;
  provisioningHost: string;
  dpsConnectionString: string;
  hubs: { hostName: string; connectionString: string }[];
  caCertificatePath: string;
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
  handleMqtt(socket: TLSSocket): void;
}

/** A protocol listener bound before its service exists (the service needs the bound port in its host name). */
function deferredListener(tls: { key: string; cert: string }, sockets: Set<TLSSocket>) {
  const slot: { target?: Target } = {};
  const notReady = http.createServer((_req, res) => res.writeHead(503, { 'Retry-After': '1' }).end());
  const server = createProtocolListener({
    tls: { ...tls, requestCert: true, rejectUnauthorized: false },
    onMqtt: (socket) => (slot.target ? slot.target.handleMqtt(socket) : socket.destroy()),
    get http() {
      return slot.target?.http ?? notReady;
    },
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return { server, slot };
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
  preparePrivateDataDir(options.dataDir);
  const config = loadConfig(options.dataDir, options.hubs ?? 2);
  const certificates = ensureCertificates(options.dataDir, [advertised], options.notice ?? ((line) => process.stderr.write(`${line}\n`)));
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
        hostName: hostOf(hubPorts[i] ?? 0),
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
      hostName: hostOf(dpsPort),
      serviceKeys: [config.dps.primaryKey, config.dps.secondaryKey],
      hubs: hubs.map((hub) => hub.provisioning),
      throttle: options.throttle ?? false,
      ...(options.webhookTimeoutMs !== undefined ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
    });
    dpsListener.slot.target = dps;
    const openDps = dps;
    const openAdt = adt;
    let closing: Promise<void> | undefined;
    return {
      idScope: config.idScope,
      provisioningHost: hostOf(dpsPort),
      dpsConnectionString: `HostName=${hostOf(dpsPort)};SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${config.dps.primaryKey}`,
      hubs: config.hubs.map((hubConfig, i) => ({
        hostName: hostOf(hubPorts[i] ?? 0),
        connectionString: `HostName=${hostOf(hubPorts[i] ?? 0)};SharedAccessKeyName=iothubowner;SharedAccessKey=${hubConfig.ownerKey}`,
      })),
      caCertificatePath: certificates.caCertificatePath,
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
