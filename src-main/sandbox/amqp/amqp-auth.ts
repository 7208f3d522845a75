import type { Permission } from '../hub/access-policies.ts';
import { POLICY_PERMISSIONS } from '../hub/access-policies.ts';
import type { PolicyKeys } from '../hub/access-policies.ts';
import { parseSasToken, verifySas } from '../server/sas.ts';

/** What one accepted token lets a connection do until it expires. */
export interface Grant {
  rights: Permission[];
  /** Set for a device's own token: the device it may act as. */
  deviceId?: string;
  expiresAtMs: number;
}

export type TokenCheck = { ok: true; grant: Grant } | { ok: false; description: string };

export interface TokenAuthority {
  /** The hub's host name as its service connection string names it (`127.0.0.1:PORT`). */
  hostName: string;
  policies: Map<string, PolicyKeys>;
  /** A device's primary and secondary symmetric keys, or none when it is unknown or not SAS. */
  deviceKeys?: (deviceId: string) => string[];
}

/** `sb://host:port/hub/$management` or `host/devices/d1` → `host:port/hub/$management` (scheme dropped). */
function resourceOf(sr: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(sr);
  } catch {
    return null;
  }
  return decoded.replace(/^(sb|amqps?):\/\//i, '');
}

/**
 * Checks a SAS token presented over AMQP (CBS put-token, or the SASL PLAIN password) with the same
 * rules as the REST API (`server/sas.ts`): a policy token (`skn`) signed with that policy's
 * primary or secondary key, or a device token for `<host>/devices/<id>` signed with that device's
 * key; not expired; the resource is this hub. Reasons stay generic: no token in a description.
 */
export function checkToken(authority: TokenAuthority, token: string): TokenCheck {
  const sas = parseSasToken(token);
  if (!sas) return { ok: false, description: 'Unauthorized: missing or malformed SharedAccessSignature.' };
  const resource = resourceOf(sas.sr);
  const host = authority.hostName.toLowerCase();
  if (!resource || !(resource.toLowerCase() === host || resource.toLowerCase().startsWith(`${host}/`))) {
    return { ok: false, description: 'Unauthorized: the SharedAccessSignature is for another resource.' };
  }
  // verifySas compares decoded resources; hand it the token's own resource so only the signature and expiry decide.
  const expectedResource = decodeURIComponent(sas.sr);
  const expiresAtMs = sas.se * 1000;
  if (sas.skn) {
    const keys = authority.policies.get(sas.skn);
    if (!keys) return { ok: false, description: 'Unauthorized: unknown shared access policy.' };
    const verdicts = signingKeys([keys.primaryKey, keys.secondaryKey]).map((key) => verifySas(sas, key, expectedResource));
    if (!verdicts.some((v) => v.ok)) return { ok: false, description: failure(verdicts[0]) };
    return { ok: true, grant: { rights: POLICY_PERMISSIONS[sas.skn] ?? [], expiresAtMs } };
  }
  const device = /^[^/]+\/devices\/([^/]+)/i.exec(resource);
  const deviceId = device?.[1];
  if (!deviceId || !authority.deviceKeys) return { ok: false, description: 'Unauthorized: a policy name (skn) is required.' };
  const verdicts = authority.deviceKeys(deviceId).map((key) => verifySas(sas, key, expectedResource));
  if (!verdicts.some((v) => v.ok)) return { ok: false, description: failure(verdicts[0]) };
  return { ok: true, grant: { rights: ['DeviceConnect'], deviceId, expiresAtMs } };
}

/**
 * IoT Hub signs with the base64-decoded key; Event Hubs clients (`@azure/core-amqp`) sign with the
 * key string's own bytes, as Service Bus does. Both are the same policy key: accept either.
 */
function signingKeys(keys: string[]): string[] {
  return keys.flatMap((key) => [key, Buffer.from(key, 'utf8').toString('base64')]);
}

function failure(verdict: ReturnType<typeof verifySas> | undefined): string {
  return verdict && !verdict.ok && verdict.reason === 'expired' ? 'Unauthorized: the SharedAccessSignature has expired.' : 'Unauthorized: the SharedAccessSignature is not valid.';
}

/** The tokens one AMQP connection has presented; a link is allowed while one of them is valid. */
export class ConnectionGrants {
  private readonly grants: Grant[] = [];

  add(grant: Grant): void {
    this.grants.push(grant);
    if (this.grants.length > 64) this.grants.shift();
  }

  allows(permission: Permission, deviceId?: string, now = Date.now()): boolean {
    return this.grants.some((g) => g.expiresAtMs > now && g.rights.includes(permission) && (deviceId === undefined || g.deviceId === undefined || g.deviceId === deviceId));
  }

  /** The device a device token named (device links need one for their own id). */
  allowsDevice(deviceId: string, now = Date.now()): boolean {
    return this.grants.some((g) => g.expiresAtMs > now && g.rights.includes('DeviceConnect') && (g.deviceId === undefined || g.deviceId === deviceId));
  }
}
