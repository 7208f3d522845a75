import { createHmac } from 'node:crypto';
import type { Client as DeviceClient } from 'azure-iot-device';
import type { DeviceCredential, StoredConnection } from './protocol.ts';
import { DeviceMqtt, deviceSdk } from './sdk.ts';

/**
 * Opens one device's hub connection through azure-iot-device over MQTT. With `expiredToken` the
 * device presents a shared access signature that expired an hour ago, as a device with a stale
 * clock or a token it never renewed would: the hub must refuse it.
 */
export async function openDeviceClient(connection: StoredConnection, credential: DeviceCredential, ca: string | null, expiredToken: boolean): Promise<DeviceClient> {
  const { assignedHub, deviceId } = connection;
  let client: DeviceClient;
  if (credential.kind === 'x509') {
    client = deviceSdk.Client.fromConnectionString(`HostName=${assignedHub};DeviceId=${deviceId};x509=true`, DeviceMqtt);
    await client.setOptions({ ...(ca ? { ca } : {}), cert: credential.certPem, key: credential.keyPem });
  } else if (expiredToken) {
    client = deviceSdk.Client.fromSharedAccessSignature(deviceSas(assignedHub, deviceId, credential.key, Math.floor(Date.now() / 1000) - 3600), DeviceMqtt);
    if (ca) await client.setOptions({ ca });
  } else {
    client = deviceSdk.Client.fromConnectionString(`HostName=${assignedHub};DeviceId=${deviceId};SharedAccessKey=${credential.key}`, DeviceMqtt);
    if (ca) await client.setOptions({ ca });
  }
  try {
    await client.open();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return client;
}

/** A device SAS as azure-wire.md §4 describes it (sr URL-encoded, no skn), expiring at `expiry` (s). */
export function deviceSas(hostName: string, deviceId: string, key: string, expiry: number): string {
  const sr = encodeURIComponent(`${hostName}/devices/${deviceId}`);
  const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(`${sr}\n${expiry}`).digest('base64');
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${expiry}`;
}
