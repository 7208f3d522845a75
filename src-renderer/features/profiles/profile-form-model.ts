import type { ProfileDetails, ProfileInput } from '../../../src-shared/contract/channels/profiles.ts';
import type { ErrorDetail } from '../../../src-shared/contract/result.ts';
import { isAzureIotHost } from '../../../src-shared/domain/azure-hosts.ts';

/** The form as typed. Connection string fields start empty on edit: the main process never sends them back. */
export interface ProfileFormValues {
  name: string;
  auth: 'keys' | 'entra';
  dpsConnectionString: string;
  dpsHost: string;
  idScope: string;
  globalEndpoint: string;
  hubs: Array<{ connectionString: string; host: string; stored: string | null }>;
  eventHubEnabled: boolean;
  eventHubConnectionString: string;
  consumerGroup: string;
  caCertificatePem: string;
  tenantId: string;
  clientId: string;
  flow: 'interactive' | 'deviceCode';
  /** Entra ID: the operator ticked "send my token to these non-Azure hosts". */
  confirmNonAzureHosts: boolean;
}

export const DEFAULT_GLOBAL_ENDPOINT = 'global.azure-devices-provisioning.net';

export function emptyForm(): ProfileFormValues {
  return {
    name: '',
    auth: 'keys',
    dpsConnectionString: '',
    dpsHost: '',
    idScope: '',
    globalEndpoint: DEFAULT_GLOBAL_ENDPOINT,
    hubs: [{ connectionString: '', host: '', stored: null }],
    eventHubEnabled: false,
    eventHubConnectionString: '',
    consumerGroup: '$Default',
    caCertificatePem: '',
    tenantId: '',
    clientId: '',
    flow: 'deviceCode',
    confirmNonAzureHosts: false,
  };
}

/** Entra ID hosts typed in the form that are not Azure IoT hosts: the ones the confirmation is about. */
export function nonAzureHosts(values: ProfileFormValues): string[] {
  if (values.auth !== 'entra') return [];
  return [values.dpsHost, ...values.hubs.map((h) => h.host)].map((h) => h.trim()).filter((h) => h !== '' && !isAzureIotHost(h));
}

/** "policy · …tail" for a stored endpoint, so the operator can tell which key is kept. */
export function storedLabel(endpoint: { host: string; policyName: string | null; keyTail: string | null }): string {
  return [endpoint.host, endpoint.policyName, endpoint.keyTail].filter(Boolean).join(' · ');
}

export function formFromDetails(details: ProfileDetails): ProfileFormValues {
  const azure = details.azure;
  if (!azure) return emptyForm();
  return {
    ...emptyForm(),
    name: azure.name,
    auth: azure.auth,
    dpsHost: azure.auth === 'entra' ? azure.dps.host : '',
    idScope: azure.dps.idScope,
    globalEndpoint: azure.dps.globalEndpoint,
    // "stored" only when the vault holds the key: an imported profile shows empty fields to fill.
    hubs: azure.hubs.map((h) => ({ connectionString: '', host: h.host, stored: details.missingSecrets.includes(`hub:${h.host.toLowerCase()}`) ? null : storedLabel(h) })),
    eventHubEnabled: azure.eventHub !== null,
    consumerGroup: azure.eventHub?.consumerGroup ?? '$Default',
    caCertificatePem: azure.caCertificatePem ?? '',
    tenantId: azure.entra?.tenantId ?? '',
    clientId: azure.entra?.clientId ?? '',
    flow: azure.entra?.flow ?? 'deviceCode',
  };
}

export function inputFromForm(values: ProfileFormValues): ProfileInput {
  const keys = values.auth === 'keys';
  return {
    name: values.name,
    auth: values.auth,
    ...(keys ? { dpsConnectionString: values.dpsConnectionString } : { dpsHost: values.dpsHost }),
    idScope: values.idScope,
    globalEndpoint: values.globalEndpoint,
    hubs: values.hubs.map((h) => (keys ? { connectionString: h.connectionString, host: h.host } : { host: h.host })),
    eventHub: values.eventHubEnabled ? { connectionString: values.eventHubConnectionString, consumerGroup: values.consumerGroup } : null,
    caCertificatePem: values.caCertificatePem.trim() === '' ? null : values.caCertificatePem,
    entra: keys ? null : { tenantId: values.tenantId, clientId: values.clientId, flow: values.flow },
    ...(!keys && values.confirmNonAzureHosts && nonAzureHosts(values).length ? { confirmNonAzureHosts: true } : {}),
  };
}

/** All messages for one field path, joined, so the field shows every problem at once; `text` translates one. */
export function messagesFor(details: ErrorDetail[], path: string, text: (detail: ErrorDetail) => string = (d) => d.message): string | undefined {
  const messages = details.filter((d) => d.path === path || d.path.startsWith(`${path}.`)).map(text);
  return messages.length ? messages.join(' · ') : undefined;
}
