import https from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Client as DeviceClient } from 'azure-iot-device';
import type { RegistrationResult } from 'azure-iot-provisioning-device/dist/interfaces.js';
import { installOneUserAgent } from './one-user-agent.ts';
import { installSharedTlsContext } from './shared-tls-context.ts';

/**
 * The official device SDKs as the fleet uses them, loaded the way their packages load them.
 * `installOneUserAgent` runs first so no device pays for `lsb_release -a`, and the devices share
 * one TLS context per CA (`installSharedTlsContext`).
 */
installOneUserAgent();
installSharedTlsContext();
const require = createRequire(import.meta.url);
const fromProvMqtt = createRequire(require.resolve('azure-iot-provisioning-device-mqtt'));
const fromProvHttp = createRequire(require.resolve('azure-iot-provisioning-device-http'));
const { Mqtt: ProvisioningMqtt } = fromProvMqtt('azure-iot-provisioning-device-mqtt') as { Mqtt: new (base?: object) => object };
const { MqttBase } = fromProvMqtt('azure-iot-mqtt-base') as { MqttBase: new () => { setOptions(options: object): void } };
const { Http: ProvisioningHttp } = fromProvHttp('azure-iot-provisioning-device-http') as { Http: new (base?: object) => object };
const { Http: HttpBase } = fromProvHttp('azure-iot-http-base') as { Http: new () => { buildRequest(...args: unknown[]): unknown } };
const { ProvisioningDeviceClient } = require('azure-iot-provisioning-device') as {
  ProvisioningDeviceClient: {
    create(host: string, idScope: string, transport: object, security: object): { setProvisioningPayload(payload: unknown): void; register(): Promise<RegistrationResult> };
  };
};
const { SymmetricKeySecurityClient } = require('azure-iot-security-symmetric-key') as { SymmetricKeySecurityClient: new (registrationId: string, key: string) => object };
const { X509Security } = require('azure-iot-security-x509') as { X509Security: new (registrationId: string, cert: { cert: string; key: string }) => object };
const device = require('azure-iot-device') as {
  Client: { fromConnectionString(cs: string, transport: unknown): DeviceClient; fromSharedAccessSignature(sas: string, transport: unknown): DeviceClient };
  Message: new (data: string | Buffer) => DeviceMessage;
};
const { Mqtt: DeviceMqtt } = require('azure-iot-device-mqtt') as { Mqtt: unknown };

export interface DeviceMessage {
  contentType?: string;
  contentEncoding?: string;
  messageId?: string;
  properties: { add(key: string, value: string): void };
}

export { DeviceMqtt, device as deviceSdk };

/**
 * The DPS HTTP device transport's Http, taught host:port and the CA (azure-wire.md §5: the SDK
 * passes HostName straight to https.request). The same per-request function the console's
 * service clients use; nothing global is touched.
 */
function hostPortHttp(ca: string | null): object {
  class HostPortHttp extends HttpBase {
    override buildRequest(method: unknown, path: unknown, headers: unknown, host: unknown, options?: unknown, done?: unknown): unknown {
      if (typeof options === 'function') {
        done = options;
        options = undefined;
      }
      const x509 = options as { cert?: string; key?: string } | undefined;
      const text = String(host);
      const at = text.lastIndexOf(':');
      const hasPort = at > 0 && /^\d+$/.test(text.slice(at + 1));
      const name = hasPort ? text.slice(0, at).replace(/^\[|\]$/g, '') : text;
      const port = hasPort ? Number(text.slice(at + 1)) : 443;
      const request = (requestOptions: https.RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest =>
        https.request({ ...requestOptions, host: name, port, ...(ca ? { ca } : {}), ...(x509?.cert ? { cert: x509.cert, key: x509.key } : {}) }, callback);
      return super.buildRequest(method, path, headers, name, { request }, done);
    }
  }
  return new HostPortHttp();
}

export interface RegisterOptions {
  provisioningHost: string;
  idScope: string;
  ca: string | null;
  transport: 'mqtt' | 'http';
  payload: unknown;
}

/** One registration with DPS through the official provisioning device client. */
export function register(options: RegisterOptions, registrationId: string, credential: { kind: 'key'; key: string } | { kind: 'x509'; certPem: string; keyPem: string }): Promise<RegistrationResult> {
  let transport: object;
  if (options.transport === 'http') {
    transport = new ProvisioningHttp(hostPortHttp(options.ca));
  } else {
    const base = new MqttBase();
    if (options.ca) base.setOptions({ ca: options.ca });
    transport = new ProvisioningMqtt(base);
  }
  const security = credential.kind === 'key' ? new SymmetricKeySecurityClient(registrationId, credential.key) : new X509Security(registrationId, { cert: credential.certPem, key: credential.keyPem });
  const client = ProvisioningDeviceClient.create(options.provisioningHost, options.idScope, transport, security);
  if (options.payload !== undefined && options.payload !== null) client.setProvisioningPayload(options.payload);
  return client.register();
}
