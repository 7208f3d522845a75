import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { RequestOptions } from 'node:https';
import type { LookupFunction } from 'node:net';
import { createRequire } from 'node:module';
import type { Registry } from 'azure-iothub';
import type { ProvisioningServiceClient as ServiceClient } from 'azure-iot-provisioning-service';
import type { RegistrationResult } from 'azure-iot-provisioning-device';
import type * as ServiceSdk from 'azure-iot-provisioning-service';
import type * as DeviceSdk from 'azure-iot-provisioning-device';
import type * as DeviceMqttSdk from 'azure-iot-provisioning-device-mqtt';
import type * as DeviceHttpSdk from 'azure-iot-provisioning-device-http';
import type * as DeviceAmqpSdk from 'azure-iot-provisioning-device-amqp';
import type * as SymmetricKeySdk from 'azure-iot-security-symmetric-key';
import type * as X509Sdk from 'azure-iot-security-x509';
import type { Mqtt as ProvisioningMqtt } from 'azure-iot-provisioning-device-mqtt';
import type { Http as ProvisioningHttp } from 'azure-iot-provisioning-device-http';
import type { Amqp as ProvisioningAmqp } from 'azure-iot-provisioning-device-amqp';
import { createSandbox } from '../sandbox.ts';
import type { Sandbox, SandboxOptions } from '../sandbox.ts';

/**
 * The official SDK clients pointed at a sandbox, for tests. The SDKs' REST layers cannot take a
 * host:port nor a CA (azure-wire.md §5), so — as the console's client factory does — each gets the
 * SDK's own Http class, subclassed to pass a request function that adds the port, the sandbox CA
 * and any client certificate. No global (agent, env) is touched.
 */
const require = createRequire(import.meta.url);
// The SDKs are CommonJS whose named exports Node's ESM loader cannot always see: load them with require.
const { ProvisioningServiceClient } = require('azure-iot-provisioning-service') as typeof ServiceSdk;
const { ProvisioningDeviceClient } = require('azure-iot-provisioning-device') as typeof DeviceSdk;
const { Mqtt: ProvisioningMqttClass } = require('azure-iot-provisioning-device-mqtt') as typeof DeviceMqttSdk;
const { Http: ProvisioningHttpClass } = require('azure-iot-provisioning-device-http') as typeof DeviceHttpSdk;
const { Amqp: ProvisioningAmqpClass, AmqpWs: ProvisioningAmqpWsClass } = require('azure-iot-provisioning-device-amqp') as typeof DeviceAmqpSdk;
const { SymmetricKeySecurityClient } = require('azure-iot-security-symmetric-key') as typeof SymmetricKeySdk;
const { X509Security } = require('azure-iot-security-x509') as typeof X509Sdk;

type BuildRequest = (method: string, path: string, headers: unknown, host: string, options?: unknown, done?: unknown) => unknown;
interface HttpBaseInstance {
  buildRequest(...args: Parameters<BuildRequest>): unknown;
}
export type HttpClass = new () => HttpBaseInstance;

export function sandboxHttp(HttpBase: HttpClass, ca: string, lookup?: LookupFunction): InstanceType<HttpClass> {
  class SandboxHttp extends HttpBase {
    override buildRequest(method: string, path: string, headers: unknown, host: string, options?: unknown, done?: unknown): unknown {
      if (typeof options === 'function') {
        done = options;
        options = undefined;
      }
      const x509 = options as { cert?: string; key?: string } | undefined;
      // host:port, [v6]:port, or a name alone (a sandbox on standard ports: 443).
      const at = /:\d+$/.test(host) ? host.lastIndexOf(':') : host.length;
      const name = host.slice(0, at).replace(/^\[|\]$/g, '');
      const port = at < host.length ? Number(host.slice(at + 1)) : 443;
      const request = (requestOptions: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest =>
        https.request({ ...requestOptions, host: name, port, ca, ...(lookup ? { lookup } : {}), ...(x509?.cert ? { cert: x509.cert, key: x509.key } : {}) }, callback);
      return super.buildRequest(method, path, headers, name, { request }, done);
    }
  }
  return new SandboxHttp();
}

export function provisioningServiceClient(connectionString: string, ca: string, lookup?: LookupFunction): ServiceClient {
  const httpBase = require('azure-iot-provisioning-service/node_modules/azure-iot-http-base') as {
    Http: HttpClass;
    RestApiClient: new (config: unknown, userAgent: string, http: unknown) => unknown;
  };
  const common = require('azure-iot-provisioning-service/node_modules/azure-iot-common') as {
    ConnectionString: { parse(value: string): Record<string, string> };
    SharedAccessSignature: { create(host: string, policy: string, key: string, expiry: number): unknown };
  };
  const cn = common.ConnectionString.parse(connectionString);
  const config = {
    host: cn.HostName,
    sharedAccessSignature: common.SharedAccessSignature.create(cn.HostName as string, cn.SharedAccessKeyName as string, cn.SharedAccessKey as string, Date.now()),
  };
  const rest = new httpBase.RestApiClient(config, 'azure-iot-provisioning-service/test', sandboxHttp(httpBase.Http, ca, lookup));
  return new (ProvisioningServiceClient as unknown as new (config: unknown, rest: unknown) => ServiceClient)(config, rest);
}

/** An IoT Hub Registry for checking what DPS created on a hub (the constructor injection of §5 (A)). */
export function hubRegistry(connectionString: string, ca: string): Registry {
  const { Http } = require('azure-iothub/dist/common-http/http.js') as { Http: HttpClass };
  const { RestApiClient } = require('azure-iothub/dist/common-http/rest_api_client.js') as { RestApiClient: new (config: unknown, userAgent: string, http: unknown) => unknown };
  const { SharedAccessSignature } = require('azure-iothub/dist/common-core/shared_access_signature.js') as {
    SharedAccessSignature: { create(host: string, policy: string, key: string, expiry: number): unknown };
  };
  const field = (name: string) => new RegExp(`${name}=([^;]+)`).exec(connectionString)?.[1] ?? '';
  const config = { host: field('HostName'), sharedAccessSignature: SharedAccessSignature.create(field('HostName'), field('SharedAccessKeyName'), field('SharedAccessKey'), Date.now()) };
  const { Registry: RegistryClass } = require('azure-iothub') as { Registry: new (config: unknown, rest: unknown) => Registry };
  return new RegistryClass(config, new RestApiClient(config, 'azure-iothub/test', sandboxHttp(Http, ca)));
}

/** The device transport for MQTT with the sandbox CA (the public ctor parameter, §3). */
export function mqttTransport(ca: string): ProvisioningMqtt {
  const { MqttBase } = require('azure-iot-mqtt-base') as { MqttBase: new () => { setOptions(options: unknown): void } };
  const base = new MqttBase();
  base.setOptions({ ca });
  return new (ProvisioningMqttClass as unknown as new (base: unknown) => ProvisioningMqtt)(base);
}

export function httpTransport(ca: string): ProvisioningHttp {
  const { Http } = require('azure-iot-http-base') as { Http: HttpClass };
  return new (ProvisioningHttpClass as unknown as new (base: unknown) => ProvisioningHttp)(sandboxHttp(Http, ca));
}

interface AmqpBaseInstance {
  connect(config: { sslOptions?: Record<string, unknown> }, done: unknown): void;
}

/**
 * The device transport for AMQP (or, with an agent, AMQP over WebSockets) with the sandbox CA: the
 * SDK's AMQP layer, subclassed to add the CA to the TLS options it connects with (the transport
 * takes it as its public constructor parameter, like MQTT's base; the SDK offers no CA option for
 * symmetric keys). `webSocketAgent` is the transport option AmqpWs dials through.
 */
export function amqpTransport(ca: string, webSocketAgent?: https.Agent): ProvisioningAmqp {
  const { Amqp: AmqpBase } = require('azure-iot-provisioning-device-amqp/node_modules/azure-iot-amqp-base') as { Amqp: new (autoSettle: boolean) => AmqpBaseInstance };
  class SandboxAmqpBase extends AmqpBase {
    override connect(config: { sslOptions?: Record<string, unknown> }, done: unknown): void {
      super.connect({ ...config, sslOptions: { ...config.sslOptions, ca } }, done);
    }
  }
  const Transport = (webSocketAgent ? ProvisioningAmqpWsClass : ProvisioningAmqpClass) as unknown as new (base: unknown) => ProvisioningAmqp;
  const transport = new Transport(new SandboxAmqpBase(true));
  if (webSocketAgent) transport.setTransportOptions({ webSocketAgent } as never);
  return transport;
}

export type Transport = 'mqtt' | 'http' | 'amqp';

function transportFor(kind: Transport, ca: string): ProvisioningMqtt | ProvisioningHttp | ProvisioningAmqp {
  return kind === 'mqtt' ? mqttTransport(ca) : kind === 'http' ? httpTransport(ca) : amqpTransport(ca);
}

export function registerWithKey(host: string, idScope: string, registrationId: string, key: string, ca: string, transport: Transport = 'mqtt', payload?: unknown): Promise<RegistrationResult> {
  const client = ProvisioningDeviceClient.create(host, idScope, transportFor(transport, ca), new SymmetricKeySecurityClient(registrationId, key) as never);
  if (payload !== undefined) client.setProvisioningPayload(payload as never);
  return client.register() as Promise<RegistrationResult>;
}

export function registerWithCertificate(host: string, idScope: string, registrationId: string, certificate: { cert: string; key: string }, ca: string, transport: Transport = 'mqtt'): Promise<RegistrationResult> {
  const client = ProvisioningDeviceClient.create(host, idScope, transportFor(transport, ca), new X509Security(registrationId, certificate) as never);
  return client.register() as Promise<RegistrationResult>;
}

export interface TestSandbox {
  sandbox: Sandbox;
  ca: string;
  dataDir: string;
  service: ServiceClient;
  /** Closes the sandbox and removes its data dir. */
  dispose(): Promise<void>;
}

/** A sandbox in a fresh temporary data dir, with a service client that trusts its CA. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sandbox-dps-'));
  const sandbox = await createSandbox({ ...options, dataDir });
  const ca = readFileSync(sandbox.caCertificatePath, 'utf8');
  return {
    sandbox,
    ca,
    dataDir,
    service: provisioningServiceClient(sandbox.dpsConnectionString, ca),
    dispose: async () => {
      await sandbox.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
