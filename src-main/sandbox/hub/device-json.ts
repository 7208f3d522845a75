import { randomBytes } from 'node:crypto';
import { presentScopes } from './device-scope.ts';
import type { DeviceAuthentication, DeviceRecord } from './device-store.ts';
import { badRequest } from './service-error.ts';
import { isJsonObject, presentSection } from './twin-document.ts';

/** What the hub knows about a device's connection, kept in memory (never written per message). */
export interface ConnectionView {
  state: 'Connected' | 'Disconnected';
  updatedTime: string;
  lastActivityTime: string | null;
  /** Cloud-to-device messages waiting for the device (the service's cloudToDeviceMessageCount). */
  pendingCloudToDevice?: number;
}

export const NEVER = '0001-01-01T00:00:00Z';
const DEVICE_ID = /^[A-Za-z0-9\-.+%_#*?!(),:=@$']{1,128}$/;

export function assertDeviceId(deviceId: string): void {
  if (!DEVICE_ID.test(deviceId)) throw badRequest(`Invalid device id '${deviceId.slice(0, 140)}': up to 128 letters, digits or - . + % _ # * ? ! ( ) , : = @ $ '.`);
}

/** Service-generated symmetric keys are 32 random bytes, base64. */
export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

export function newEtag(): string {
  return Buffer.from(String(Date.now() * 1000 + Math.floor(Math.random() * 1000))).toString('base64');
}

export function twinEtagFor(version: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(version));
  return bytes.toString('base64');
}

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function validKey(value: string, side: string): string {
  const raw = Buffer.from(value, 'base64');
  if (raw.length < 16 || raw.length > 64 || raw.toString('base64') !== value) {
    throw badRequest(`The ${side} key must be base64 of 16 to 64 bytes.`);
  }
  return value;
}

const THUMBPRINT = /^[0-9A-Fa-f]{40}$|^[0-9A-Fa-f]{64}$/;

/** Reads the `authentication` of a device body; empty keys mean "generate them", as the service does. */
export function parseAuthentication(value: unknown): DeviceAuthentication {
  if (value === undefined || value === null) return { type: 'sas', primaryKey: generateKey(), secondaryKey: generateKey() };
  if (!isJsonObject(value)) throw badRequest('authentication must be an object.');
  const type = value.type ?? 'sas';
  if (type === 'sas') {
    const keys = isJsonObject(value.symmetricKey) ? value.symmetricKey : {};
    return {
      type: 'sas',
      primaryKey: isKey(keys.primaryKey) ? validKey(keys.primaryKey, 'primary') : generateKey(),
      secondaryKey: isKey(keys.secondaryKey) ? validKey(keys.secondaryKey, 'secondary') : generateKey(),
    };
  }
  if (type === 'selfSigned') {
    const prints = isJsonObject(value.x509Thumbprint) ? value.x509Thumbprint : {};
    const primary = typeof prints.primaryThumbprint === 'string' && prints.primaryThumbprint ? prints.primaryThumbprint : null;
    const secondary = typeof prints.secondaryThumbprint === 'string' && prints.secondaryThumbprint ? prints.secondaryThumbprint : null;
    for (const print of [primary, secondary]) if (print !== null && !THUMBPRINT.test(print)) throw badRequest('A thumbprint must be 40 or 64 hex characters.');
    if (!primary && !secondary) throw badRequest('A selfSigned device needs a primary or secondary thumbprint.');
    return { type: 'selfSigned', primaryThumbprint: primary?.toUpperCase() ?? null, secondaryThumbprint: secondary?.toUpperCase() ?? null };
  }
  if (type === 'certificateAuthority') return { type: 'certificateAuthority' };
  if (type === 'none') return { type: 'none' };
  throw badRequest(`Unknown authentication type '${String(type)}'.`);
}

function authenticationJson(auth: DeviceAuthentication) {
  return {
    symmetricKey: auth.type === 'sas' ? { primaryKey: auth.primaryKey, secondaryKey: auth.secondaryKey } : { primaryKey: null, secondaryKey: null },
    x509Thumbprint:
      auth.type === 'selfSigned'
        ? { primaryThumbprint: auth.primaryThumbprint, secondaryThumbprint: auth.secondaryThumbprint }
        : { primaryThumbprint: null, secondaryThumbprint: null },
    type: auth.type,
  };
}

/** The device identity as GET /devices/{id} returns it. */
export function presentDevice(record: DeviceRecord, connection: ConnectionView) {
  return {
    deviceId: record.deviceId,
    generationId: record.generationId,
    etag: record.etag,
    connectionState: connection.state,
    status: record.status,
    statusReason: record.statusReason,
    connectionStateUpdatedTime: connection.updatedTime,
    statusUpdatedTime: record.statusUpdatedTime,
    lastActivityTime: connection.lastActivityTime ?? record.lastActivityTime ?? NEVER,
    cloudToDeviceMessageCount: connection.pendingCloudToDevice ?? record.cloudToDeviceMessageCount,
    authentication: authenticationJson(record.authentication),
    capabilities: { iotEdge: record.iotEdge },
    ...presentScopes(record.scopes),
  };
}

/** The twin as GET /twins/{id} returns it; also the document the query language evaluates. */
export function presentTwin(record: DeviceRecord, connection: ConnectionView) {
  return {
    deviceId: record.deviceId,
    etag: record.twinEtag,
    deviceEtag: record.etag,
    status: record.status,
    statusReason: record.statusReason,
    statusUpdateTime: record.statusUpdatedTime,
    connectionState: connection.state,
    lastActivityTime: connection.lastActivityTime ?? record.lastActivityTime ?? NEVER,
    cloudToDeviceMessageCount: connection.pendingCloudToDevice ?? record.cloudToDeviceMessageCount,
    authenticationType: record.authentication.type,
    x509Thumbprint:
      record.authentication.type === 'selfSigned'
        ? { primaryThumbprint: record.authentication.primaryThumbprint, secondaryThumbprint: record.authentication.secondaryThumbprint }
        : { primaryThumbprint: null, secondaryThumbprint: null },
    modelId: '',
    version: record.twinVersion,
    tags: record.tags,
    properties: {
      desired: presentSection(record.desired, record.meta.desired, record.desiredVersion),
      reported: presentSection(record.reported, record.meta.reported, record.reportedVersion),
    },
    capabilities: { iotEdge: record.iotEdge },
    ...presentScopes(record.scopes),
  };
}
