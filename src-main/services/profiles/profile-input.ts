import type { ProfileInput } from '../../../src-shared/contract/channels/profiles.ts';
import { AppError, type ErrorDetail } from '../../../src-shared/contract/result.ts';
import { DEFAULT_GLOBAL_DEVICE_ENDPOINT, maskKeyTail, type AzureProfileRecord } from '../../../src-shared/domain/profile.ts';
import {
  checkCaPem,
  checkDpsConnectionString,
  checkEventHubConnectionString,
  checkHost,
  checkHubConnectionString,
  checkIdScope,
} from '../../../src-shared/domain/profile-connection-string.ts';
import { isAzureIotHost } from '../../../src-shared/domain/azure-hosts.ts';
import { profileDetail, profileMessage, type ProfileMessage } from '../../../src-shared/domain/profile-messages.ts';

/** Vault slot names within one profile. */
export const secretSlot = {
  dps: 'dps',
  hub: (host: string) => `hub:${host.toLowerCase()}`,
  eventHub: 'eventhub',
};

export interface CheckedProfile {
  fields: Omit<AzureProfileRecord, 'id' | 'createdAt' | 'updatedAt'>;
  /** slot → connection string to store; slots absent here keep what the vault holds. */
  secrets: Map<string, string>;
  /** Vault slots whose saved key must go: the CA changed and the operator did not enter the key again. */
  dropped: Set<string>;
  warnings: ErrorDetail[];
}

type Parsed = Omit<ProfileInput, 'auth'> & { auth?: 'keys' | 'entra' };

/**
 * Checks a profile typed by the operator against the one it replaces (if any) and splits it into
 * the stored record and the secrets for the vault. Every problem is reported with its field path.
 */
export function checkProfileInput(input: Parsed, existing: AzureProfileRecord | null, storedSlots: ReadonlySet<string> = new Set()): CheckedProfile {
  const errors: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];
  const secrets = new Map<string, string>();
  const dropped = new Set<string>();
  const auth = input.auth ?? 'keys';
  const reuse = existing?.auth === auth ? existing : null;
  // Details carry the message key and values as well as the English text, so the renderer can translate them.
  const note = (list: ErrorDetail[], path: string, messages: ProfileMessage[]) => messages.forEach((message) => list.push(profileDetail(path, message)));
  const pem = input.caCertificatePem?.trim() || null;
  // A new CA changes whom the saved keys are handed to: they are not reused unless typed again.
  const caChanged = reuse !== null && pem !== (reuse.caCertificatePem?.trim() || null);
  const dropKey = (slot: string, path: string) => {
    dropped.add(slot);
    note(warnings, path, [profileMessage('keyDroppedCaChanged')]);
  };
  // Hosts an older save already sent the token to were confirmed then (or predate the check).
  const confirmedHosts = new Set(existing?.auth === 'entra' ? [existing.dps.host, ...existing.hubs.map((h) => h.host)].map((h) => h.toLowerCase()) : []);
  const requireTokenHost = (host: string, path: string) => {
    if (!isAzureIotHost(host) && !input.confirmNonAzureHosts && !confirmedHosts.has(host.toLowerCase())) note(errors, path, [profileMessage('entraHostNotAzure', { host: host.slice(0, 80) })]);
  };

  let dps: AzureProfileRecord['dps'] | null = null;
  const idScopeProblem = checkIdScope(input.idScope);
  if (idScopeProblem) note(errors, 'idScope', [idScopeProblem]);
  const globalEndpoint = input.globalEndpoint?.trim() || DEFAULT_GLOBAL_DEVICE_ENDPOINT;
  const globalProblem = checkHost(globalEndpoint, 'globalEndpoint');
  if (globalProblem) note(errors, 'globalEndpoint', [globalProblem]);
  const dpsExtras = { idScope: input.idScope.trim(), globalEndpoint };

  if (auth === 'keys') {
    const text = input.dpsConnectionString?.trim() ?? '';
    if (text === '' && reuse && caChanged && storedSlots.has(secretSlot.dps)) {
      dps = { ...reuse.dps, keyTail: null, ...dpsExtras };
      dropKey(secretSlot.dps, 'dpsConnectionString');
    } else if (text === '' && reuse && storedSlots.has(secretSlot.dps)) dps = { ...reuse.dps, ...dpsExtras };
    else {
      const result = checkDpsConnectionString(text);
      if (!result.ok) note(errors, 'dpsConnectionString', result.errors);
      else {
        note(warnings, 'dpsConnectionString', result.warnings);
        dps = { host: result.value.host, policyName: result.value.policyName, keyTail: maskKeyTail(result.value.key), ...dpsExtras };
        secrets.set(secretSlot.dps, text);
      }
    }
  } else {
    const host = input.dpsHost?.trim() ?? '';
    const problem = checkHost(host, 'dpsHost');
    if (problem) note(errors, 'dpsHost', [problem]);
    else {
      requireTokenHost(host, 'dpsHost');
      dps = { host, policyName: null, keyTail: null, ...dpsExtras };
    }
    if (!input.entra) note(errors, 'entra', [profileMessage('entraMissing')]);
  }

  const hubs: AzureProfileRecord['hubs'] = [];
  input.hubs.forEach((hub, index) => {
    const text = hub.connectionString?.trim() ?? '';
    const path = `hubs.${index}.${auth === 'keys' ? 'connectionString' : 'host'}`;
    let entry: AzureProfileRecord['hubs'][number] | null = null;
    if (auth === 'entra') {
      const host = hub.host?.trim() ?? '';
      const problem = checkHost(host, 'hubHost');
      if (problem) note(errors, path, [problem]);
      else {
        requireTokenHost(host, path);
        entry = { host, policyName: null, keyTail: null };
      }
    } else if (text === '') {
      // An endpoint is kept only with its key in the vault; an imported one has none yet.
      const same = reuse?.hubs.find((h) => h.host.toLowerCase() === hub.host?.trim().toLowerCase());
      if (same && caChanged && storedSlots.has(secretSlot.hub(same.host))) {
        entry = { ...same, keyTail: null };
        dropKey(secretSlot.hub(same.host), path);
      } else if (same && storedSlots.has(secretSlot.hub(same.host))) entry = same;
      else note(errors, path, [profileMessage('hubEmpty')]);
    } else {
      const result = checkHubConnectionString(text);
      if (!result.ok) note(errors, path, result.errors);
      else {
        note(warnings, path, result.warnings);
        entry = { host: result.value.host, policyName: result.value.policyName, keyTail: maskKeyTail(result.value.key) };
        secrets.set(secretSlot.hub(result.value.host), text);
      }
    }
    if (!entry) return;
    if (hubs.some((h) => h.host.toLowerCase() === entry.host.toLowerCase())) note(errors, path, [profileMessage('hubDuplicate', { host: entry.host })]);
    else hubs.push(entry);
  });

  let eventHub: AzureProfileRecord['eventHub'] = null;
  if (input.eventHub) {
    const text = input.eventHub.connectionString?.trim() ?? '';
    const consumerGroup = input.eventHub.consumerGroup?.trim() || '$Default';
    if (text === '' && existing?.eventHub && storedSlots.has(secretSlot.eventHub) && caChanged) {
      eventHub = { ...existing.eventHub, consumerGroup, keyTail: null };
      dropKey(secretSlot.eventHub, 'eventHub.connectionString');
    } else if (text === '' && existing?.eventHub && storedSlots.has(secretSlot.eventHub)) eventHub = { ...existing.eventHub, consumerGroup };
    else {
      const result = checkEventHubConnectionString(text);
      if (!result.ok) note(errors, 'eventHub.connectionString', result.errors);
      else {
        note(warnings, 'eventHub.connectionString', result.warnings);
        eventHub = { host: result.value.host, consumerGroup, policyName: result.value.policyName, keyTail: maskKeyTail(result.value.key) };
        secrets.set(secretSlot.eventHub, text);
      }
    }
  }

  if (pem) {
    const problem = checkCaPem(pem);
    if (problem) note(errors, 'caCertificatePem', [problem]);
  }

  if (errors.length) {
    throw new AppError('validation', `The profile has ${errors.length === 1 ? 'a problem' : `${errors.length} problems`}: ${errors.map((e) => e.message).join('; ')}`, errors);
  }
  return {
    fields: { name: input.name.trim(), kind: 'azure', auth, dps: dps!, hubs, eventHub, caCertificatePem: pem, entra: auth === 'entra' ? input.entra! : null },
    secrets,
    dropped,
    warnings,
  };
}
