import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import type { RequestOptions } from 'node:https';
import type { LookupFunction } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate, randomBytes } from 'node:crypto';
import type { Registry, JobClient, Client as ServiceClient } from 'azure-iothub';
import iothub from 'azure-iothub';
import type { Client as DeviceClient } from 'azure-iot-device';
import deviceSdk from 'azure-iot-device';
import deviceMqtt from 'azure-iot-device-mqtt';
import { createProtocolListener, listen } from '../server/protocol-listener.ts';
import { SandboxDatabase } from '../store/database.ts';
import type { Hub, HubOptions } from './hub.ts';
import { createHub } from './hub.ts';

/** A throwaway CA and a localhost leaf it signed (EC P-256 via the openssl CLI: fast to make in every test file). */
export interface TestTls {
  caPem: string;
  caKeyPem: string;
  keyPem: string;
  certPem: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

export function makeTestTls(): TestTls {
  const dir = mkdtempSync(join(tmpdir(), 'hub-tls-'));
  try {
    openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
    openssl(dir, ['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Hub Test CA', '-days', '2', '-out', 'ca.pem', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
    openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key']);
    openssl(dir, ['req', '-new', '-key', 'leaf.key', '-subj', '/CN=localhost', '-out', 'leaf.csr']);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    openssl(dir, ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', 'leaf.pem']);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    return { caPem: read('ca.pem'), caKeyPem: read('ca.key'), keyPem: read('leaf.key'), certPem: read('leaf.pem') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed device certificate and its SHA-1 thumbprint, for X.509 device tests. */
export function makeDeviceCertificate(deviceId: string): { keyPem: string; certPem: string; thumbprint: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hub-dev-'));
  try {
    openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'dev.key']);
    openssl(dir, ['req', '-x509', '-new', '-key', 'dev.key', '-subj', `/CN=${deviceId}`, '-days', '2', '-out', 'dev.pem']);
    const certPem = readFileSync(join(dir, 'dev.pem'), 'utf8');
    const thumbprint = new X509Certificate(certPem).fingerprint.replace(/:/g, '').toUpperCase();
    return { keyPem: readFileSync(join(dir, 'dev.key'), 'utf8'), certPem, thumbprint };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const require = createRequire(import.meta.url);
// The SDK's own HTTP layer, subclassed as azure-wire.md §5 (A): split host:port, keep the CA.
const { Http } = require('azure-iothub/dist/common-http/http.js') as { Http: new () => HttpLike };
const { RestApiClient } = require('azure-iothub/dist/common-http/rest_api_client.js') as {
  RestApiClient: new (config: unknown, userAgent: string, http: unknown) => unknown;
};

interface HttpLike {
  buildRequest(method: string, path: string, headers: unknown, host: string, ...rest: unknown[]): unknown;
  setOptions(options: unknown): void;
}

function sandboxHttp(ca: string, lookup?: LookupFunction): HttpLike {
  class SandboxHttp extends Http {
    override buildRequest(method: string, path: string, headers: unknown, host: string, ...rest: unknown[]): unknown {
      const [name, port] = host.split(':');
      const done = rest.pop();
      // A host name without a port is the service's own 443 (a sandbox on standard ports).
      const options: RequestOptions & { port?: number; request?: unknown } = {
        port: port ? Number(port) : 443,
        // The SDK copies only host, port and ca into its request: a lookup rides on the request function.
        ...(lookup ? { request: (o: RequestOptions, callback: (res: http.IncomingMessage) => void) => https.request({ ...o, lookup }, callback) } : {}),
      };
      return super.buildRequest(method, path, headers, name as string, options, done);
    }
    override setOptions(options: { http?: unknown }): void {
      super.setOptions({ ...options, ca });
    }
  }
  return new SandboxHttp();
}

export interface TestHub {
  hub: Hub;
  db: SandboxDatabase;
  hostName: string;
  port: number;
  ownerKey: string;
  tls: TestTls;
  connectionString(policy?: string, key?: string): string;
  registry(connectionString?: string): Registry;
  jobClient(): JobClient;
  serviceClient(): ServiceClient;
  deviceClient(deviceId: string, key: string): Promise<DeviceClient>;
  close(): Promise<void>;
}

/** The service SDK's `Client` (methods, C2D) for any hub connection string, trusting `ca`; `lookup` resolves its host. */
export function serviceClientFor(connectionString: string, ca: string, lookup?: LookupFunction): ServiceClient {
  const { config, rest } = restClient(connectionString, ca, lookup);
  return new iothub.Client(new iothub.Amqp(config as never), rest as never);
}

/** The service SDK's `Registry` for any hub connection string, trusting `ca`; `lookup` resolves its host. */
export function registryFor(connectionString: string, ca: string, lookup?: LookupFunction): Registry {
  const { config, rest } = restClient(connectionString, ca, lookup);
  return new iothub.Registry(config as never, rest as never);
}

function restClient(connectionString: string, ca: string, lookup?: LookupFunction): { config: { host: string; sharedAccessSignature: string }; rest: unknown } {
  const parts = new Map(connectionString.split(';').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const));
  const host = parts.get('HostName') as string;
  const sas = iothub.SharedAccessSignature.create(host, parts.get('SharedAccessKeyName') as string, parts.get('SharedAccessKey') as string, Date.now()).toString();
  const config = { host, sharedAccessSignature: sas };
  return { config, rest: new RestApiClient(config, 'azure-iothub/test', sandboxHttp(ca, lookup)) };
}

/** Starts a hub behind a real protocol listener on 127.0.0.1 with a CA made for this test. */
export async function startTestHub(options: Partial<Omit<HubOptions, 'db' | 'hostName' | 'ownerKey'>> & { dir?: string; ownerKey?: string } = {}): Promise<TestHub> {
  const tls = makeTestTls();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'hub-test-'));
  const db = new SandboxDatabase(join(dir, 'sandbox.db'));
  const ownerKey = options.ownerKey ?? randomBytes(32).toString('base64');
  const late: { hub?: Hub } = {};
  // The hub needs its host name before it exists, so the listener starts first and forwards to it.
  const front = { emit: (event: string, socket: unknown) => late.hub?.http.emit(event, socket) ?? false } as unknown as http.Server;
  const listener = createProtocolListener({
    tls: { key: tls.keyPem, cert: tls.certPem, requestCert: true, rejectUnauthorized: false },
    onMqtt: (socket) => late.hub?.handleMqtt(socket),
    onAmqp: (socket) => late.hub?.handleAmqpSocket(socket),
    http: front,
  });
  const port = await listen(listener, '127.0.0.1', 0);
  const hostName = `127.0.0.1:${port}`;
  const hub = await createHub({ db, name: options.name ?? 'hub1', hostName, ownerKey, latencyMs: options.latencyMs, throttle: options.throttle });
  late.hub = hub;
  const connectionString = (policy = 'iothubowner', key = ownerKey) => `HostName=${hostName};SharedAccessKeyName=${policy};SharedAccessKey=${key}`;
  const opened: DeviceClient[] = [];
  return {
    hub,
    db,
    hostName,
    port,
    ownerKey,
    tls,
    connectionString,
    registry: (cs = connectionString()) => {
      const { config, rest } = restClient(cs, tls.caPem);
      return new iothub.Registry(config as never, rest as never);
    },
    jobClient: () => new iothub.JobClient(restClient(connectionString(), tls.caPem).rest as never),
    serviceClient: () => {
      const { config, rest } = restClient(connectionString(), tls.caPem);
      return new iothub.Client(new iothub.Amqp(config as never), rest as never);
    },
    deviceClient: async (deviceId, key) => {
      const client = deviceSdk.Client.fromConnectionString(`HostName=${hostName};DeviceId=${deviceId};SharedAccessKey=${key}`, deviceMqtt.Mqtt);
      await client.setOptions({ ca: tls.caPem });
      opened.push(client);
      return client;
    },
    close: async () => {
      await Promise.allSettled(opened.map((client) => client.close()));
      await hub.close();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      db.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
