import { readFile } from 'node:fs/promises';
import type { TokenCredential } from '@azure/identity';
import { AppError } from '../../../src-shared/contract/result.ts';
import { SANDBOX_PROFILE_ID, type AzureProfileRecord } from '../../../src-shared/domain/profile.ts';
import { validateDpsConnectionString, validateHubConnectionString } from '../../../src-shared/domain/profile-connection-string.ts';
import type { AzureTarget, EndpointAuth } from '../azure/client-factory.ts';
import type { VaultService } from '../vault/vault-service.ts';
import { secretSlot } from './profile-input.ts';
import type { SandboxEndpoints } from './sandbox-endpoints.ts';

/** The running sandbox as a target; its CA is read from the file the sandbox wrote. */
export async function sandboxTarget(info: SandboxEndpoints): Promise<AzureTarget> {
  const dps = validateDpsConnectionString(info.dpsConnectionString);
  if (!dps.ok) throw new AppError('internal', `The sandbox reported a DPS connection string this console cannot use: ${dps.errors.join('; ')}`);
  const hubs = info.hubs.map((hub) => {
    const parsed = validateHubConnectionString(hub.connectionString);
    if (!parsed.ok) throw new AppError('internal', `The sandbox reported a hub connection string this console cannot use: ${parsed.errors.join('; ')}`);
    return { host: parsed.value.host, auth: { kind: 'sas', policyName: parsed.value.policyName, key: parsed.value.key } as EndpointAuth };
  });
  const extraCaPem = await readFile(info.caCertificatePath, 'utf8').catch(() => {
    throw new AppError('unavailable', `The sandbox CA certificate ${info.caCertificatePath} cannot be read`);
  });
  return {
    profileId: SANDBOX_PROFILE_ID,
    kind: 'sandbox',
    idScope: info.idScope,
    deviceProvisioningHost: info.provisioningHost,
    dps: { host: dps.value.host, auth: { kind: 'sas', policyName: dps.value.policyName, key: dps.value.key } },
    hubs,
    extraCaPem,
    ...(info.digitalTwins ? { digitalTwins: { url: info.digitalTwins.url, accessToken: info.digitalTwins.accessToken } } : {}),
  };
}

/** Which vault slots an Azure profile needs filled before it can be used. */
export function requiredSlots(record: AzureProfileRecord): string[] {
  if (record.auth === 'entra') return record.eventHub ? [secretSlot.eventHub] : [];
  return [secretSlot.dps, ...record.hubs.map((h) => secretSlot.hub(h.host)), ...(record.eventHub ? [secretSlot.eventHub] : [])];
}

/** An Azure profile as a target: keys from the vault, or the profile's Entra ID credential. */
export async function azureTarget(record: AzureProfileRecord, vault: VaultService, credential: () => Promise<TokenCredential>): Promise<AzureTarget> {
  const base = { profileId: record.id, kind: 'azure' as const, idScope: record.dps.idScope, deviceProvisioningHost: record.dps.globalEndpoint, extraCaPem: record.caCertificatePem };
  if (record.auth === 'entra') {
    const auth: EndpointAuth = { kind: 'token', credential: await credential() };
    return { ...base, dps: { host: record.dps.host, auth }, hubs: record.hubs.map((h) => ({ host: h.host, auth })) };
  }
  const keyFor = async (slot: string, label: string): Promise<EndpointAuth> => {
    const text = await vault.get(`${record.id}:${slot}`);
    if (text === undefined) {
      throw new AppError('secret_storage_unavailable', `Profile "${record.name}" has no stored connection string for ${label}; edit the profile and paste it again`);
    }
    const parsed = slot === secretSlot.dps ? validateDpsConnectionString(text) : validateHubConnectionString(text);
    if (!parsed.ok) throw new AppError('internal', `The stored connection string for ${label} no longer parses`);
    return { kind: 'sas', policyName: parsed.value.policyName, key: parsed.value.key };
  };
  const dps = { host: record.dps.host, auth: await keyFor(secretSlot.dps, `the DPS ${record.dps.host}`) };
  const hubs = [];
  for (const hub of record.hubs) hubs.push({ host: hub.host, auth: await keyFor(secretSlot.hub(hub.host), `the IoT Hub ${hub.host}`) });
  return { ...base, dps, hubs };
}
