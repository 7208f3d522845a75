import type { Device } from 'azure-iothub';
import type { DeviceIdentity, DeviceRow } from '../../../src-shared/contract/channels/devices.ts';
import { keyFingerprint } from '../keys/device-key.ts';

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A device identity with its keys replaced by fingerprints: the only form that leaves the main process. */
export function maskedIdentity(device: Device): DeviceIdentity {
  const auth = device.authentication as { type?: string; symmetricKey?: { primaryKey?: string; secondaryKey?: string }; x509Thumbprint?: { primaryThumbprint?: string; secondaryThumbprint?: string } } | undefined;
  const type = auth?.type ?? 'sas';
  const authType = type === 'selfSigned' || type === 'certificateAuthority' || type === 'none' ? type : 'sas';
  const primary = str(auth?.symmetricKey?.primaryKey);
  const secondary = str(auth?.symmetricKey?.secondaryKey);
  const raw = device as unknown as Record<string, unknown>;
  return {
    deviceId: device.deviceId,
    etag: str(raw.etag),
    status: device.status === 'disabled' ? 'disabled' : 'enabled',
    statusReason: str(raw.statusReason),
    authType,
    primaryKeyFingerprint: primary ? keyFingerprint(primary) : null,
    secondaryKeyFingerprint: secondary ? keyFingerprint(secondary) : null,
    primaryThumbprint: str(auth?.x509Thumbprint?.primaryThumbprint),
    secondaryThumbprint: str(auth?.x509Thumbprint?.secondaryThumbprint),
    connectionState: str(raw.connectionState),
    lastActivityTime: str(raw.lastActivityTime),
    cloudToDeviceMessageCount: typeof raw.cloudToDeviceMessageCount === 'number' ? raw.cloudToDeviceMessageCount : null,
  };
}

/** A twin from a `SELECT *` query as a list row; null for a projection or aggregate record. */
export function deviceRow(item: Record<string, unknown>): DeviceRow | null {
  if (typeof item.deviceId !== 'string' || !('etag' in item || 'properties' in item || 'status' in item)) return null;
  const tags = item.tags;
  return {
    deviceId: item.deviceId,
    status: str(item.status),
    connectionState: str(item.connectionState),
    lastActivityTime: str(item.lastActivityTime),
    authenticationType: str(item.authenticationType),
    tags: typeof tags === 'object' && tags !== null && !Array.isArray(tags) ? (tags as Record<string, unknown>) : null,
  };
}
