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
 * The scopes of a device body, as the service keeps them: an Edge device has its own scope
 * (generated once; a different one in the body is ignored); any other device may name an Edge
 * device's scope in `deviceScope` (its parent); an Edge device names its parent in `parentScopes`.
 * Every scope named must belong to an Edge device of this hub (`isEdgeScope`), else 400. On
 * update, fields the body leaves out keep their stored values.
 */
export function scopesOf(body: unknown, deviceId: string, iotEdge: boolean, existing: DeviceScopes, isEdgeScope: (scope: string) => boolean): DeviceScopes {
  const input = isJsonObject(body) ? body : {};
  let deviceScope = existing.deviceScope;
  if (iotEdge) {
    if (!deviceScope?.startsWith(`ms-azure-iot-edge://${deviceId}-`)) deviceScope = newEdgeScope(deviceId);
  } else if (input.deviceScope !== undefined) {
    deviceScope = input.deviceScope === null || input.deviceScope === '' ? null : scopeString(input.deviceScope, 'deviceScope');
  }
  let parentScopes = existing.parentScopes;
  if (input.parentScopes !== undefined && input.parentScopes !== null) {
    if (!Array.isArray(input.parentScopes) || input.parentScopes.length > 1) throw badRequest('parentScopes must be an array with at most one scope.');
    parentScopes = input.parentScopes.map((s) => scopeString(s, 'parentScopes'));
  }
  const named = [...(iotEdge || !deviceScope || deviceScope === existing.deviceScope ? [] : [deviceScope]), ...parentScopes.filter((s) => !existing.parentScopes.includes(s))];
  for (const scope of named) {
    if (!isEdgeScope(scope)) throw badRequest(`The scope '${scope.slice(0, 140)}' is not the scope of an IoT Edge device in this hub.`);
  }
  return { deviceScope, parentScopes };
}

/** The JSON fields a device or twin shows for its scopes (absent when it has none). */
export function presentScopes(scopes: DeviceScopes): { deviceScope?: string; parentScopes?: string[] } {
  return {
    ...(scopes.deviceScope ? { deviceScope: scopes.deviceScope } : {}),
    ...(scopes.parentScopes.length > 0 ? { parentScopes: scopes.parentScopes } : {}),
  };
}
