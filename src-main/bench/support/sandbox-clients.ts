import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Client as DeviceClient } from 'azure-iot-device';
import type { RegistrationResult } from 'azure-iot-provisioning-device/dist/interfaces.js';
import { AzureClientFactory, type AzureTarget } from '../../services/azure/client-factory.ts';
import type { SandboxInfo } from '../../services/sandbox/sandbox-info.ts';

/**
 * The official SDKs pointed at a running sandbox, for load and robustness runs: service clients
 * from the console's one client factory, device clients trusting only the sandbox CA (no public
 * roots, so the client side spends no time parsing 140 CAs per connection).
 */
const require = createRequire(import.meta.url);
const fromProvisioningMqtt = createRequire(require.resolve('azure-iot-provisioning-device-mqtt'));
const { Mqtt: ProvisioningMqtt } = fromProvisioningMqtt('azure-iot-provisioning-device-mqtt') as { Mqtt: new (base?: object) => object };
const { MqttBase } = fromProvisioningMqtt('azure-iot-mqtt-base') as { MqttBase: new () => { setOptions(options: object): void } };
const { ProvisioningDeviceClient } = require('azure-iot-provisioning-device') as {
  ProvisioningDeviceClient: { create(host: string, idScope: string, transport: object, security: object): { register(): Promise<RegistrationResult> } };
};
const { SymmetricKeySecurityClient } = require('azure-iot-security-symmetric-key') as { SymmetricKeySecurityClient: new (registrationId: string, key: string) => object };
const { Client } = require('azure-iot-device') as { Client: { fromConnectionString(cs: string, transport: unknown): DeviceClient } };
const { Mqtt: DeviceMqtt } = require('azure-iot-device-mqtt') as { Mqtt: unknown };

export interface SandboxClients {
  info: SandboxInfo;
  caPem: string;
  factory: AzureClientFactory;
}

function connectionStringPart(cs: string, name: string): string {
  const part = cs.split(';').find((p) => p.startsWith(`${name}=`));
  if (!part) throw new Error(`connection string has no ${name}`);
  return part.slice(name.length + 1);
}

function sasEndpoint(cs: string): AzureTarget['dps'] {
  return {
    host: connectionStringPart(cs, 'HostName'),
    auth: { kind: 'sas', policyName: connectionStringPart(cs, 'SharedAccessKeyName'), key: connectionStringPart(cs, 'SharedAccessKey') },
  };
}

/** The sandbox's endpoints as the client factory's target, the way a Sandbox profile resolves. */
export function sandboxClients(info: SandboxInfo): SandboxClients {
  const caPem = readFileSync(info.caCertificatePath, 'utf8');
  const target: AzureTarget = {
    profileId: 'sandbox',
    kind: 'sandbox',
    dps: sasEndpoint(info.dpsConnectionString),
    idScope: info.idScope,
    deviceProvisioningHost: info.provisioningHost,
    hubs: info.hubs.map((h) => sasEndpoint(h.connectionString)),
    extraCaPem: caPem,
  };
  return { info, caPem, factory: new AzureClientFactory(target) };
}

/** The per-device key of a symmetric-key enrollment group (the documented derivation). */
export function deriveDeviceKey(groupKey: string, registrationId: string): string {
  return createHmac('sha256', Buffer.from(groupKey, 'base64')).update(registrationId, 'utf8').digest('base64');
}

/** One registration over MQTT: a fresh TLS connection, register, wait for the outcome. */
export function registerDevice(clients: SandboxClients, registrationId: string, key: string): Promise<RegistrationResult> {
  const base = new MqttBase();
  base.setOptions({ ca: clients.caPem });
  const transport = new ProvisioningMqtt(base);
  const security = new SymmetricKeySecurityClient(registrationId, key);
  return ProvisioningDeviceClient.create(clients.info.provisioningHost, clients.info.idScope, transport, security).register();
}

/** A device client on MQTT that trusts the sandbox CA, opened. */
export async function openDevice(clients: SandboxClients, hostName: string, deviceId: string, key: string): Promise<DeviceClient> {
  const client = Client.fromConnectionString(`HostName=${hostName};DeviceId=${deviceId};SharedAccessKey=${key}`, DeviceMqtt);
  await client.setOptions({ ca: clients.caPem });
  await client.open();
  return client;
}
