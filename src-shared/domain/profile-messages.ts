import type { ErrorDetail } from '../contract/result.ts';

/**
 * The English text of every profile validation message, by stable key. Validators name a key and
 * its values; this table is the one place that turns them into English (for logs and as the
 * renderer's fallback), and the renderer translates the same key. Placeholders use the
 * i18next `{{name}}` form so the renderer's resources can hold the very same text.
 * Values are host names, policy names, field names and numbers: never a key or a signature.
 */
export const PROFILE_MESSAGES = {
  csPartNotNameValue: 'Part {{part}} of the connection string is not Name=value (parts are separated by ";")',
  csDuplicateField: '{{name}} appears more than once',
  csNoHostName: 'The connection string has no HostName=…',
  csBadHostName: 'HostName "{{host}}" is not a host name',
  csNoPolicyName: 'The connection string has no SharedAccessKeyName=… (the policy name)',
  csSasToken: 'The connection string carries a SharedAccessSignature token, which expires; paste one with SharedAccessKey=… instead',
  csNoKey: 'The connection string has no SharedAccessKey=…',
  csKeyNotBase64: 'The SharedAccessKey is not valid base64 (it may be cut short or have extra characters)',

  dpsEmpty: 'Paste the DPS service connection string',
  dpsIsEventHub: 'This is an Event Hub connection string (it has Endpoint=sb://…); the DPS service field needs one that starts with HostName=',
  dpsIsDevice: 'This is a device connection string (it has DeviceId); paste the connection string of a shared access policy such as provisioningserviceowner instead',
  dpsLooksLikeHubByHost:
    'This looks like an IoT Hub connection string (host ends in .azure-devices.net); the DPS field needs the DPS one (host ends in .azure-devices-provisioning.net, policy such as provisioningserviceowner)',
  dpsLooksLikeHubByPolicy:
    'This looks like an IoT Hub connection string (policy {{policy}}); the DPS field needs the DPS one (host ends in .azure-devices-provisioning.net, policy such as provisioningserviceowner)',
  dpsPolicyUnknown: 'Policy "{{policy}}" is not a well-known DPS policy, so its rights are unknown; Test connection will show whether it can read enrollments',
  dpsPolicyReadOnly: 'Policy "{{policy}}" can read enrollments but not create, change or delete them',

  hubEmpty: 'Paste the IoT Hub connection string',
  hubIsEventHub: 'This is an Event Hub connection string (it has Endpoint=sb://…); the IoT Hub field needs one that starts with HostName=',
  hubIsDevice: 'This is a device connection string (it has DeviceId); paste the connection string of a shared access policy such as iothubowner instead',
  hubLooksLikeDpsByHost:
    'This looks like a DPS connection string (host ends in .azure-devices-provisioning.net); the IoT Hub field needs the hub one (host ends in .azure-devices.net, policy such as iothubowner)',
  hubLooksLikeDpsByPolicy:
    'This looks like a DPS connection string (policy {{policy}}); the IoT Hub field needs the hub one (host ends in .azure-devices.net, policy such as iothubowner)',
  hubPolicyUnknown: 'Policy "{{policy}}" is not a built-in IoT Hub policy, so its rights are unknown; Test connection will show whether it can read the registry',
  hubNoRegistryRead: 'Policy "{{policy}}" has no RegistryRead right: devices and twins cannot be listed',
  hubNoRegistryWrite: 'Policy "{{policy}}" has no RegistryWrite right: devices cannot be created, changed or deleted',
  hubNoServiceConnect: 'Policy "{{policy}}" has no ServiceConnect right: direct methods and jobs will be refused',
  hubDuplicate: 'The hub {{host}} is already in this profile',

  ehEmpty: 'Paste the Event Hub-compatible endpoint',
  ehIsServiceString: 'This is an IoT Hub or DPS connection string (it has HostName); the Event Hub-compatible endpoint starts with Endpoint=sb://',
  ehNoEndpoint: 'The endpoint has no Endpoint=sb://…',
  ehBadEndpoint: 'Endpoint must look like sb://<namespace>.servicebus.windows.net/',
  ehNoPolicyName: 'The endpoint has no SharedAccessKeyName=… (the policy name)',
  ehNoKey: 'The endpoint has no SharedAccessKey=…',
  ehNoServiceConnect: 'Policy "{{policy}}" has no ServiceConnect right, which reading events needs',

  idScopeRequired: 'The id scope is required (DPS overview page, e.g. 0ne00ABC123)',
  idScopeInvalid: 'The id scope has only letters and digits, e.g. 0ne00ABC123',

  // One set per host field rather than a field-name value, so each language words the field itself.
  globalEndpointRequired: 'The global device endpoint is required',
  globalEndpointHasScheme: 'The global device endpoint is a host name without https:// or mqtts://',
  globalEndpointInvalid: 'The global device endpoint "{{host}}" is not a host name',
  dpsHostRequired: 'The DPS host name is required',
  dpsHostHasScheme: 'The DPS host name is a host name without https:// or mqtts://',
  dpsHostInvalid: 'The DPS host name "{{host}}" is not a host name',
  hubHostRequired: 'The IoT Hub host name is required',
  hubHostHasScheme: 'The IoT Hub host name is a host name without https:// or mqtts://',
  hubHostInvalid: 'The IoT Hub host name "{{host}}" is not a host name',

  caNotPem: 'The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----',
  caHasPrivateKey: 'This PEM contains a private key; paste only the CA certificate',

  entraMissing: 'Entra ID sign-in needs the tenant id and the client (application) id',
  entraHostNotAzure:
    'Entra ID profiles send your sign-in token to {{host}}, which is not an Azure IoT host (…azure-devices.net, …azure-devices-provisioning.net or a sovereign cloud\'s); confirm below to send it there anyway',
  importEntraHostNotAzure:
    'Entra ID profiles send your sign-in token to {{host}}, which is not an Azure IoT host; import will not take it: add this profile by hand and confirm the host',
  keyDroppedCaChanged: 'The CA certificate changed, so the saved key for this endpoint was removed: paste its connection string again',

  // Request-schema messages (zod): the router recognizes them by their text, see profileMessageKeyOf.
  profileNameRequired: 'The profile needs a name',
  profileNameTooLong: 'Keep the name under 80 characters',
  hubsRequired: 'Add at least one IoT Hub',
  connectionStringTooLong: 'This is far longer than any connection string',
  entraTenantRequired: 'Tenant id is required for Entra ID sign-in',
  entraClientRequired: 'Client (application) id is required for Entra ID sign-in',
} as const;

export type ProfileMessageKey = keyof typeof PROFILE_MESSAGES;
export type MessageParams = Record<string, string | number>;

/** Every key the profile validators can emit; the renderer's i18n test checks each has a translation. */
export const PROFILE_MESSAGE_KEYS = Object.keys(PROFILE_MESSAGES) as ProfileMessageKey[];

export interface ProfileMessage {
  key: ProfileMessageKey;
  params: MessageParams;
}

export function profileMessage(key: ProfileMessageKey, params: MessageParams = {}): ProfileMessage {
  return { key, params };
}

/** The English text of a message; a placeholder without a value stays visible rather than vanishing. */
export function profileText(message: ProfileMessage): string {
  return PROFILE_MESSAGES[message.key].replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in message.params ? String(message.params[name]) : whole));
}

/**
 * The key of a message known by its English text. Zod checks carry only a message, so schemas take
 * their text from this table and the router finds the key again; only texts without values qualify.
 */
export function profileMessageKeyOf(text: string): ProfileMessageKey | undefined {
  return PROFILE_MESSAGE_KEYS.find((key) => PROFILE_MESSAGES[key] === text && !text.includes('{{'));
}

/** A message as a contract detail: English text plus the key and values the renderer translates. */
export function profileDetail(path: string, message: ProfileMessage): ErrorDetail {
  return Object.keys(message.params).length
    ? { path, message: profileText(message), key: message.key, params: message.params }
    : { path, message: profileText(message), key: message.key };
}
