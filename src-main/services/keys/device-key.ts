import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Symmetric keys as DPS uses them. A group's device key is HMAC-SHA256 of the registration id
 * under the group key (both base64), as the service and the device SDKs compute it. Everything
 * here runs in the main process only: the group key never crosses to the renderer, a log or an
 * event; where a key must be named, `keyFingerprint` stands in for it.
 */
export function deriveDeviceKey(groupKeyBase64: string, registrationId: string): string {
  return createHmac('sha256', Buffer.from(groupKeyBase64, 'base64')).update(registrationId, 'utf8').digest('base64');
}

/** A fresh 64-byte key, base64, the length the service generates. */
export function generateSymmetricKey(): string {
  return randomBytes(64).toString('base64');
}

/** A short, one-way name for a key (first 8 bytes of its SHA-256, hex) for records and logs. */
export function keyFingerprint(keyBase64: string): string {
  return `sha256:${createHash('sha256').update(keyBase64, 'utf8').digest('hex').slice(0, 16)}`;
}
