import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// The device SDKs are CommonJS; e2e reaches them as any device program would, from node_modules.
const require = createRequire(import.meta.url);
interface Registration {
  assignedHub: string;
  deviceId: string;
}
const { ProvisioningDeviceClient } = require('azure-iot-provisioning-device') as { ProvisioningDeviceClient: { create(host: string, scope: string, transport: unknown, security: unknown): { register(): Promise<Registration> } } };
const { Mqtt: ProvisioningMqtt } = require('azure-iot-provisioning-device-mqtt') as { Mqtt: new (base: unknown) => unknown };
const { MqttBase } = require('azure-iot-mqtt-base') as { MqttBase: new () => { setOptions(options: { ca: string }): void } };
const { SymmetricKeySecurityClient } = require('azure-iot-security-symmetric-key') as { SymmetricKeySecurityClient: new (id: string, key: string) => unknown };
interface DeviceClient {
  setOptions(options: { ca: string }): Promise<unknown>;
  open(): Promise<unknown>;
  sendEvent(message: unknown): Promise<unknown>;
  getTwin(): Promise<{ properties: { reported: { update(patch: unknown, done: (error?: Error) => void): void } } }>;
  close(): Promise<unknown>;
}
const { Client, Message } = require('azure-iot-device') as { Client: { fromConnectionString(cs: string, transport: unknown): DeviceClient }; Message: new (body: string) => unknown };
const { Mqtt: DeviceMqtt } = require('azure-iot-device-mqtt') as { Mqtt: unknown };

/** Registers over MQTT through the official device SDK, trusting the sandbox CA through its public transport constructor. */
function register(provisioningHost: string, idScope: string, registrationId: string, key: string, ca: string): Promise<Registration> {
  const base = new MqttBase();
  base.setOptions({ ca });
  return ProvisioningDeviceClient.create(provisioningHost, idScope, new ProvisioningMqtt(base), new SymmetricKeySecurityClient(registrationId, key)).register();
}

/**
 * A simulated provisioning from outside the console: a symmetric-key enrollment group made over
 * the DPS service REST API with the sandbox's own owner key (read from its data dir, as an
 * operator's script would), then a device registering, connecting, sending and reporting its
 * status through the official device SDKs.
 * Returns the keys involved, so the spec can check none reaches the page or an export.
 */
export async function provisionGroupMember(consoleDataDir: string, provisioningHost: string, idScope: string, caPath: string, groupId: string, registrationId: string) {
  const config = JSON.parse(readFileSync(join(consoleDataDir, 'sandbox', 'sandbox.json'), 'utf8')) as { dps: { primaryKey: string } };
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const sig = createHmac('sha256', Buffer.from(config.dps.primaryKey, 'base64')).update(`${provisioningHost}\n${expiry}`).digest('base64');
  const authorization = `SharedAccessSignature sr=${provisioningHost}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=provisioningserviceowner`;
  const [host, port] = provisioningHost.split(':');
  const ca = readFileSync(caPath, 'utf8');
  const body = JSON.stringify({ enrollmentGroupId: groupId, attestation: { type: 'symmetricKey' } });
  const group = await new Promise<{ attestation: { symmetricKey: { primaryKey: string } } }>((resolve, reject) => {
    const req = request(
      { host, port: Number(port), method: 'PUT', path: `/enrollmentGroups/${groupId}?api-version=2021-10-01`, ca, headers: { Authorization: authorization, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text) as never) : reject(new Error(`enrollment group: HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  const groupKey = group.attestation.symmetricKey.primaryKey;
  const deviceKey = createHmac('sha256', Buffer.from(groupKey, 'base64')).update(registrationId).digest('base64');
  const state = await register(provisioningHost, idScope, registrationId, deviceKey, ca);
  // Online as a device would be: connect to the hub DPS chose, send once, report its status.
  const client = Client.fromConnectionString(`HostName=${state.assignedHub};DeviceId=${state.deviceId};SharedAccessKey=${deviceKey}`, DeviceMqtt);
  await client.setOptions({ ca });
  try {
    await client.open();
    await client.sendEvent(new Message('{"temperature":21.5}'));
    const twin = await client.getTwin();
    await new Promise<void>((resolve, reject) => twin.properties.reported.update({ provisioningStatus: 'provisioned' }, (error) => (error ? reject(error) : resolve())));
  } finally {
    await client.close();
  }
  return { assignedHub: state.assignedHub, keys: [config.dps.primaryKey, groupKey, deviceKey] };
}
