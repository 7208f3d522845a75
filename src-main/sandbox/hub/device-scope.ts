import { randomInt } from 'node:crypto';
import { badRequest } from './service-error.ts';
import { isJsonObject } from './twin-document.ts';

/** Nested IoT Edge: a device's own scope and the scopes of its parents, as the registry keeps them. */
export interface DeviceScopes {
  deviceScope: string | null;
  parentScopes: string[];
}

export const NO_SCOPES: DeviceScopes = { deviceScope: null, parentScopes: [] };

const SCOPE_MAX = 256;

/**
 * An IoT Edge device's own scope, in the service's form `ms-azure-iot-edge://<deviceId>-<ticks>`
 * (ticks: 100 ns since 0001-01-01, which is what the service appends).
 */
export function newEdgeScope(deviceId: string): string {
  const ticks = BigInt(Date.now()) * 10_000n + 621_355_968_000_000_000n + BigInt(randomInt(10_000));
  return `ms-azure-iot-edge://${deviceId}-${ticks}`;
}

function scopeString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > SCOPE_MAX) throw badRequest(`${field} must be a non-empty string of at most ${SCOPE_MAX} characters.`);
  return value;
}

/**
 * The scopes of a device body: what the caller sent is kept (a child of an Edge device carries
 * its parent's scope in `deviceScope` and `parentScopes`); an Edge device without one gets its own;
 * on update, fields the body leaves out keep their stored values.
 */
export function scopesOf(body: unknown, deviceId: string, iotEdge: boolean, existing: DeviceScopes = NO_SCOPES): DeviceScopes {
  const input = isJsonObject(body) ? body : {};
  let deviceScope = existing.deviceScope;
  if (input.deviceScope !== undefined && input.deviceScope !== null && input.deviceScope !== '') deviceScope = scopeString(input.deviceScope, 'deviceScope');
  let parentScopes = existing.parentScopes;
  if (input.parentScopes !== undefined && input.parentScopes !== null) {
    if (!Array.isArray(input.parentScopes) || input.parentScopes.length > 1) throw badRequest('parentScopes must be an array with at most one scope.');
    parentScopes = input.parentScopes.map((s) => scopeString(s, 'parentScopes'));
  }
  if (iotEdge && !deviceScope) deviceScope = newEdgeScope(deviceId);
  return { deviceScope, parentScopes };
}

/** The JSON fields a device or twin shows for its scopes (absent when it has none). */
export function presentScopes(scopes: DeviceScopes): { deviceScope?: string; parentScopes?: string[] } {
  return {
    ...(scopes.deviceScope ? { deviceScope: scopes.deviceScope } : {}),
    ...(scopes.parentScopes.length > 0 ? { parentScopes: scopes.parentScopes } : {}),
  };
}
