import type { DeviceStore } from './device-store.ts';
import { generateKey } from './device-json.ts';
import { parseSasToken, verifySas } from '../server/sas.ts';
import { HubServiceError } from './service-error.ts';

export type Permission = 'RegistryRead' | 'RegistryWrite' | 'ServiceConnect' | 'DeviceConnect';

/** The shared access policies every IoT Hub is created with, and what each may do. */
export const POLICY_PERMISSIONS: Record<string, Permission[]> = {
  iothubowner: ['RegistryRead', 'RegistryWrite', 'ServiceConnect', 'DeviceConnect'],
  service: ['ServiceConnect'],
  device: ['DeviceConnect'],
  registryRead: ['RegistryRead'],
  registryReadWrite: ['RegistryRead', 'RegistryWrite'],
};

export interface PolicyKeys {
  primaryKey: string;
  secondaryKey: string;
}

/**
 * Loads the hub's policies, creating missing ones. iothubowner's primary key is the one the
 * sandbox was started with, so its connection string stays valid across restarts.
 */
export function loadPolicies(store: DeviceStore, ownerKey: string): Map<string, PolicyKeys> {
  const stored = store.policyKeys();
  store.db.transaction(() => {
    for (const name of Object.keys(POLICY_PERMISSIONS)) {
      const existing = stored.get(name);
      if (name === 'iothubowner' && existing?.primaryKey !== ownerKey) {
        const keys = { primaryKey: ownerKey, secondaryKey: existing?.secondaryKey ?? generateKey() };
        store.putPolicy(name, keys.primaryKey, keys.secondaryKey);
        stored.set(name, keys);
      } else if (!existing) {
        const keys = { primaryKey: generateKey(), secondaryKey: generateKey() };
        store.putPolicy(name, keys.primaryKey, keys.secondaryKey);
        stored.set(name, keys);
      }
    }
  });
  return stored;
}

const unauthorized = (text: string) => new HubServiceError(401, 'IotHubUnauthorizedAccess', text);

/**
 * Checks a service SAS (`sr` = the raw host name, `skn` = policy) and that the policy grants
 * `needed`; throws the service's 401 otherwise. The reason stays generic: no token in messages.
 */
export function authorizeService(policies: Map<string, PolicyKeys>, hostName: string, header: string | undefined, needed: Permission[]): string {
  const token = parseSasToken(header);
  if (!token || !token.skn) throw unauthorized('Unauthorized: missing or malformed SharedAccessSignature.');
  const keys = policies.get(token.skn);
  if (!keys) throw unauthorized('Unauthorized: unknown shared access policy.');
  const primary = verifySas(token, keys.primaryKey, hostName);
  const result = primary.ok ? primary : verifySas(token, keys.secondaryKey, hostName);
  if (!result.ok) throw unauthorized(result.reason === 'expired' ? 'Unauthorized: the SharedAccessSignature has expired.' : 'Unauthorized: the SharedAccessSignature is not valid.');
  const granted = POLICY_PERMISSIONS[token.skn] ?? [];
  if (!needed.some((permission) => granted.includes(permission))) throw unauthorized(`Unauthorized: policy '${token.skn}' lacks ${needed.join(' or ')}.`);
  return token.skn;
}
