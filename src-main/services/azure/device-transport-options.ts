import { createRequire } from 'node:module';
import { rootCertificates } from 'node:tls';
import type { Mqtt as ProvisioningMqtt } from 'azure-iot-provisioning-device-mqtt';
import type { AzureTarget } from './client-factory.ts';

/**
 * Device-side settings for the simulator and agents: where devices register and which CA their
 * MQTT/TLS connections trust. Uses only routes verified to carry `ca` (azure-wire.md §3–§5):
 * device Client.setOptions({ca}) and a provisioning Mqtt transport built on an MqttBase with ca.
 */
const require = createRequire(import.meta.url);
const fromProvisioningMqtt = createRequire(require.resolve('azure-iot-provisioning-device-mqtt'));
const provisioningMqtt = fromProvisioningMqtt('azure-iot-provisioning-device-mqtt') as { Mqtt: new (base?: object) => ProvisioningMqtt };
// The MqttBase that package itself depends on (a nested copy), so the transport gets the class it expects.
const mqttBase = fromProvisioningMqtt('azure-iot-mqtt-base') as { MqttBase: new () => { setOptions(options: object): void } };

export interface DeviceEndpoints {
  /** Host (or host:port) the provisioning device client registers against. */
  provisioningHost: string;
  idScope: string;
  /** CA list for device TLS, or undefined to use the platform's public roots only. */
  ca: string[] | undefined;
}

export function deviceEndpoints(target: AzureTarget): DeviceEndpoints {
  return { provisioningHost: target.deviceProvisioningHost, idScope: target.idScope, ca: caList(target.extraCaPem) };
}

/** Public roots plus the extra CA: an extra CA must not make the real Azure endpoints untrusted. */
export function caList(extraCaPem: string | null): string[] | undefined {
  return extraCaPem ? [...rootCertificates, extraCaPem] : undefined;
}

/** Options for `deviceClient.setOptions(...)` (azure-iot-device); merge with your own options. */
export function deviceClientOptions(target: AzureTarget): { ca?: string } {
  // mqtt.js takes `ca` as string or array; the device client typing says string, so join the PEMs.
  const ca = caList(target.extraCaPem);
  return ca ? { ca: ca.join('\n') } : {};
}

/**
 * A provisioning MQTT transport that trusts the target's CA. `setTransportOptions` drops `ca`,
 * so the CA goes into the MqttBase the transport is constructed with.
 */
export function provisioningMqttTransport(target: AzureTarget): ProvisioningMqtt {
  const ca = caList(target.extraCaPem);
  if (!ca) return new provisioningMqtt.Mqtt();
  const base = new mqttBase.MqttBase();
  base.setOptions({ ca: ca.join('\n') });
  return new provisioningMqtt.Mqtt(base);
}
