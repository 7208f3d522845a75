import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import { createRequire } from 'node:module';
import type { Client as DeviceClient } from 'azure-iot-device';
import deviceSdk from 'azure-iot-device';
import deviceAmqp from 'azure-iot-device-amqp';
import deviceMqtt from 'azure-iot-device-mqtt';
import type { RegistrationResult } from 'azure-iot-provisioning-device';
import type * as DeviceSdk from 'azure-iot-provisioning-device';
import type * as DeviceMqttSdk from 'azure-iot-provisioning-device-mqtt';
import type * as SymmetricKeySdk from 'azure-iot-security-symmetric-key';
import { amqpTransport } from '../dps/dps-test-clients.ts';

/**
 * The official device SDKs over WebSockets, for tests. MqttWs always dials port 443
 * (amqp-wire.md §8); the SDKs take a `webSocketAgent`, which is where a test may say where 443
 * really is (a sandbox on a free port) or how a host name resolves (a hosts entry, in effect).
 */
const require = createRequire(import.meta.url);
const { ProvisioningDeviceClient } = require('azure-iot-provisioning-device') as typeof DeviceSdk;
const { MqttWs: ProvisioningMqttWs } = require('azure-iot-provisioning-device-mqtt') as typeof DeviceMqttSdk;
const { SymmetricKeySecurityClient } = require('azure-iot-security-symmetric-key') as typeof SymmetricKeySdk;

/** Resolves every name under `localhost` to 127.0.0.1, as RFC 6761 resolvers (nss-myhostname, systemd-resolved) do. */
export const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  const lower = hostname.toLowerCase();
  if (lower !== 'localhost' && !lower.endsWith('.localhost')) {
    (callback as (error: Error) => void)(Object.assign(new Error(`test lookup only knows *.localhost, not ${hostname}`), { code: 'ENOTFOUND' }));
    return;
  }
  if ((options as { all?: boolean }).all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

/** An agent for the SDKs' WebSocket transports: optionally another port than the 443 they dial, optionally a lookup. */
export function webSocketAgent(ca: string, options: { port?: number; lookup?: LookupFunction } = {}): https.Agent {
  class Redirecting extends https.Agent {
    override createConnection(connect: tls.ConnectionOptions, callback?: (error: Error | null, socket: Duplex) => void): Duplex {
      const rewritten = { ...connect, ca, ...(options.port ? { port: options.port } : {}), ...(options.lookup ? { lookup: options.lookup } : {}) };
      return (https.Agent.prototype as unknown as { createConnection: (o: unknown, cb?: unknown) => Duplex }).createConnection.call(this, rewritten, callback);
    }
  }
  return new Redirecting({ keepAlive: false });
}

/** Registers with DPS over MQTT on WebSockets (the provisioning SDK's MqttWs). */
export function provisionOverMqttWs(provisioningHost: string, idScope: string, registrationId: string, key: string, ca: string, agent: https.Agent): Promise<RegistrationResult> {
  const { MqttBase } = require('azure-iot-mqtt-base') as { MqttBase: new () => { setOptions(options: unknown): void } };
  const base = new MqttBase();
  base.setOptions({ ca, mqtt: { webSocketAgent: agent } });
  const transport = new (ProvisioningMqttWs as unknown as new (base: unknown) => DeviceMqttSdk.MqttWs)(base);
  const client = ProvisioningDeviceClient.create(provisioningHost, idScope, transport, new SymmetricKeySecurityClient(registrationId, key) as never);
  return client.register() as Promise<RegistrationResult>;
}

/**
 * Registers with DPS over AMQP on WebSockets (the provisioning SDK's AmqpWs, `AMQPWSB10` on
 * /$iothub/websocket). AmqpWs appends `:443` to the host, so the host must carry no port
 * (amqp-wire.md §8): a sandbox on its own port is reached as `localhost` with an agent giving the port.
 */
export function provisionOverAmqpWs(provisioningHost: string, idScope: string, registrationId: string, key: string, ca: string, agent: https.Agent): Promise<RegistrationResult> {
  const client = ProvisioningDeviceClient.create(provisioningHost, idScope, amqpTransport(ca, agent), new SymmetricKeySecurityClient(registrationId, key) as never);
  return client.register() as Promise<RegistrationResult>;
}

/** A device client over MQTT on WebSockets (azure-iot-device-mqtt's MqttWs). */
export async function deviceOverMqttWs(hostName: string, deviceId: string, key: string, ca: string, agent: https.Agent): Promise<DeviceClient> {
  const client = deviceSdk.Client.fromConnectionString(`HostName=${hostName};DeviceId=${deviceId};SharedAccessKey=${key}`, deviceMqtt.MqttWs);
  await client.setOptions({ ca, mqtt: { webSocketAgent: agent } } as never);
  return client;
}

/** A device client over AMQP on WebSockets (azure-iot-device-amqp's AmqpWs, `AMQPWSB10` on /$iothub/websocket). */
export async function deviceOverAmqpWs(hostName: string, deviceId: string, key: string, ca: string, agent: https.Agent): Promise<DeviceClient> {
  const client = deviceSdk.Client.fromConnectionString(`HostName=${hostName};DeviceId=${deviceId};SharedAccessKey=${key}`, deviceAmqp.AmqpWs);
  await client.setOptions({ ca, amqp: { webSocketAgent: agent } } as never);
  return client;
}
