/**
 * Parsing and validation of the connection strings an operator pastes into a profile. Every
 * message names what is wrong in words and never repeats a key: messages cross to the renderer.
 */

export interface ParsedConnectionString {
  /** Field names as written, mapped by their lower-case name. */
  fields: Map<string, { name: string; value: string }>;
}

export type Validation<T> = { ok: true; value: T; warnings: string[] } | { ok: false; errors: string[] };

export interface ServiceEndpoint {
  host: string;
  policyName: string;
  key: string;
}

export interface EventHubEndpoint {
  host: string;
  policyName: string;
  key: string;
  entityPath: string | null;
}

const DPS_SUFFIX = '.azure-devices-provisioning.net';
const HUB_SUFFIX = '.azure-devices.net';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// host or host:port; labels of letters, digits and hyphens, or an IPv4 address
const HOST = /^(?=.{1,253}(?::\d{1,5})?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/;

/** DPS shared access policy rights, from the policy names Azure creates or documents. */
export const DPS_POLICY_RIGHTS: Record<string, readonly DpsRight[]> = {
  provisioningserviceowner: ['ServiceConfig', 'EnrollmentRead', 'EnrollmentWrite', 'RegistrationStatusRead', 'RegistrationStatusWrite'],
  enrollmentread: ['EnrollmentRead', 'RegistrationStatusRead'],
  enrollmentwrite: ['EnrollmentRead', 'EnrollmentWrite', 'RegistrationStatusRead', 'RegistrationStatusWrite'],
};
export type DpsRight = 'ServiceConfig' | 'EnrollmentRead' | 'EnrollmentWrite' | 'RegistrationStatusRead' | 'RegistrationStatusWrite';

/** IoT Hub shared access policy rights of the built-in policies. */
export const HUB_POLICY_RIGHTS: Record<string, readonly HubRight[]> = {
  iothubowner: ['RegistryRead', 'RegistryWrite', 'ServiceConnect', 'DeviceConnect'],
  service: ['ServiceConnect'],
  device: ['DeviceConnect'],
  registryread: ['RegistryRead'],
  registryreadwrite: ['RegistryRead', 'RegistryWrite'],
};
export type HubRight = 'RegistryRead' | 'RegistryWrite' | 'ServiceConnect' | 'DeviceConnect';

/** Splits `Name=value;Name=value`. Values keep their own `=` (base64 padding). */
export function parseConnectionString(text: string): { ok: true; value: ParsedConnectionString } | { ok: false; errors: string[] } {
  const fields = new Map<string, { name: string; value: string }>();
  const errors: string[] = [];
  const segments = text.trim().split(';').filter((s) => s.trim() !== '');
  segments.forEach((segment, index) => {
    const eq = segment.indexOf('=');
    // names are identifiers; anything else is likely a pasted key, which must not be echoed back
    if (eq <= 0 || !/^[A-Za-z][A-Za-z0-9]{0,23}$/.test(segment.slice(0, eq).trim())) {
      errors.push(`Part ${index + 1} of the connection string is not Name=value (parts are separated by ";")`);
      return;
    }
    const name = segment.slice(0, eq).trim();
    const value = segment.slice(eq + 1).trim();
    if (fields.has(name.toLowerCase())) errors.push(`${name} appears more than once`);
    fields.set(name.toLowerCase(), { name, value });
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: { fields } };
}

function field(parsed: ParsedConnectionString, name: string): string | undefined {
  return parsed.fields.get(name.toLowerCase())?.value;
}

/** Checks shared by every service (owner-policy) connection string. */
function validateServiceString(text: string, what: string, example: string): Validation<ServiceEndpoint> {
  if (text.trim() === '') return { ok: false, errors: [`Paste the ${what} connection string`] };
  const parsed = parseConnectionString(text);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const errors: string[] = [];
  const host = field(p, 'HostName');
  if (field(p, 'Endpoint') !== undefined && host === undefined) {
    return { ok: false, errors: [`This is an Event Hub connection string (it has Endpoint=sb://…); the ${what} field needs one that starts with HostName=`] };
  }
  if (field(p, 'DeviceId') !== undefined) {
    errors.push(`This is a device connection string (it has DeviceId); paste the connection string of a shared access policy such as ${example} instead`);
  }
  if (host === undefined || host === '') errors.push('The connection string has no HostName=…');
  else if (!HOST.test(host)) errors.push(`HostName "${host.slice(0, 80)}" is not a host name`);
  const policyName = field(p, 'SharedAccessKeyName');
  if (policyName === undefined || policyName === '') errors.push('The connection string has no SharedAccessKeyName=… (the policy name)');
  const key = field(p, 'SharedAccessKey');
  if (key === undefined || key === '') {
    errors.push(field(p, 'SharedAccessSignature') !== undefined
      ? 'The connection string carries a SharedAccessSignature token, which expires; paste one with SharedAccessKey=… instead'
      : 'The connection string has no SharedAccessKey=…');
  } else if (!BASE64.test(key)) {
    errors.push('The SharedAccessKey is not valid base64 (it may be cut short or have extra characters)');
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { host: host!, policyName: policyName!, key: key! }, warnings: [] };
}

function hostName(host: string): string {
  return host.replace(/:\d+$/, '').toLowerCase();
}

/** Host and policy as far as they can be read, so a swapped string is named even when its key is also broken. */
function peek(text: string): { host: string; policyName: string; isDevice: boolean } | null {
  const parsed = parseConnectionString(text);
  if (!parsed.ok) return null;
  const host = field(parsed.value, 'HostName');
  if (!host) return null;
  return { host, policyName: field(parsed.value, 'SharedAccessKeyName') ?? '', isDevice: field(parsed.value, 'DeviceId') !== undefined };
}

/** A DPS service connection string, e.g. `HostName=x.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=…`. */
export function validateDpsConnectionString(text: string): Validation<ServiceEndpoint> {
  const seen = peek(text);
  const base: Validation<ServiceEndpoint> = seen && !seen.isDevice ? { ok: true, value: { host: seen.host, policyName: seen.policyName, key: '' }, warnings: [] } : validateServiceString(text, 'DPS service', 'provisioningserviceowner');
  if (!base.ok) return base;
  const { host, policyName } = base.value;
  const policy = policyName.toLowerCase();
  if (hostName(host).endsWith(HUB_SUFFIX) || (policy in HUB_POLICY_RIGHTS && !(policy in DPS_POLICY_RIGHTS))) {
    return { ok: false, errors: [`This looks like an IoT Hub connection string (${hostName(host).endsWith(HUB_SUFFIX) ? `host ends in ${HUB_SUFFIX}` : `policy ${policyName}`}); the DPS field needs the DPS one (host ends in ${DPS_SUFFIX}, policy such as provisioningserviceowner)`] };
  }
  const checked = validateServiceString(text, 'DPS service', 'provisioningserviceowner');
  if (!checked.ok) return checked;
  const warnings: string[] = [];
  const rights = DPS_POLICY_RIGHTS[policy];
  if (!rights) warnings.push(`Policy "${policyName}" is not a well-known DPS policy, so its rights are unknown; Test connection will show whether it can read enrollments`);
  else if (!rights.includes('EnrollmentWrite')) warnings.push(`Policy "${policyName}" can read enrollments but not create, change or delete them`);
  return { ok: true, value: checked.value, warnings };
}

/** An IoT Hub service connection string, e.g. `HostName=h.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=…`. */
export function validateHubConnectionString(text: string): Validation<ServiceEndpoint> {
  const seen = peek(text);
  const base: Validation<ServiceEndpoint> = seen && !seen.isDevice ? { ok: true, value: { host: seen.host, policyName: seen.policyName, key: '' }, warnings: [] } : validateServiceString(text, 'IoT Hub', 'iothubowner');
  if (!base.ok) return base;
  const { host, policyName } = base.value;
  const policy = policyName.toLowerCase();
  if (hostName(host).endsWith(DPS_SUFFIX) || (policy in DPS_POLICY_RIGHTS && !(policy in HUB_POLICY_RIGHTS))) {
    return { ok: false, errors: [`This looks like a DPS connection string (${hostName(host).endsWith(DPS_SUFFIX) ? `host ends in ${DPS_SUFFIX}` : `policy ${policyName}`}); the IoT Hub field needs the hub one (host ends in ${HUB_SUFFIX}, policy such as iothubowner)`] };
  }
  const checked = validateServiceString(text, 'IoT Hub', 'iothubowner');
  if (!checked.ok) return checked;
  const warnings: string[] = [];
  const rights = HUB_POLICY_RIGHTS[policy];
  if (!rights) {
    warnings.push(`Policy "${policyName}" is not a built-in IoT Hub policy, so its rights are unknown; Test connection will show whether it can read the registry`);
  } else {
    if (!rights.includes('RegistryRead')) warnings.push(`Policy "${policyName}" has no RegistryRead right: devices and twins cannot be listed`);
    else if (!rights.includes('RegistryWrite')) warnings.push(`Policy "${policyName}" has no RegistryWrite right: devices cannot be created, changed or deleted`);
    if (!rights.includes('ServiceConnect')) warnings.push(`Policy "${policyName}" has no ServiceConnect right: direct methods and jobs will be refused`);
  }
  return { ok: true, value: checked.value, warnings };
}

/** An Event Hub-compatible endpoint, `Endpoint=sb://…/;SharedAccessKeyName=…;SharedAccessKey=…;EntityPath=…`. */
export function validateEventHubConnectionString(text: string): Validation<EventHubEndpoint> {
  if (text.trim() === '') return { ok: false, errors: ['Paste the Event Hub-compatible endpoint'] };
  const parsed = parseConnectionString(text);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  if (field(p, 'HostName') !== undefined) {
    return { ok: false, errors: ['This is an IoT Hub or DPS connection string (it has HostName); the Event Hub-compatible endpoint starts with Endpoint=sb://'] };
  }
  const errors: string[] = [];
  const endpoint = field(p, 'Endpoint');
  let host = '';
  if (endpoint === undefined || endpoint === '') errors.push('The endpoint has no Endpoint=sb://…');
  else {
    const match = /^sb:\/\/([^/]+)\/?$/i.exec(endpoint);
    if (!match || !HOST.test(match[1]!)) errors.push('Endpoint must look like sb://<namespace>.servicebus.windows.net/');
    else host = match[1]!;
  }
  const policyName = field(p, 'SharedAccessKeyName');
  if (!policyName) errors.push('The endpoint has no SharedAccessKeyName=… (the policy name)');
  const key = field(p, 'SharedAccessKey');
  if (!key) errors.push('The endpoint has no SharedAccessKey=…');
  else if (!BASE64.test(key)) errors.push('The SharedAccessKey is not valid base64 (it may be cut short or have extra characters)');
  if (errors.length) return { ok: false, errors };
  const warnings = policyName!.toLowerCase() === 'device' || policyName!.toLowerCase() === 'registryread'
    ? [`Policy "${policyName}" has no ServiceConnect right, which reading events needs`]
    : [];
  return { ok: true, value: { host, policyName: policyName!, key: key!, entityPath: field(p, 'EntityPath') ?? null }, warnings };
}

/** The DPS id scope: "0ne" followed by hex digits on Azure; the sandbox uses the same shape. */
export function validateIdScope(text: string): string | null {
  const scope = text.trim();
  if (scope === '') return 'The id scope is required (DPS overview page, e.g. 0ne00ABC123)';
  if (!/^[A-Za-z0-9]{4,32}$/.test(scope)) return 'The id scope has only letters and digits, e.g. 0ne00ABC123';
  return null;
}

/** A plain host name (no scheme, no path), optionally with :port. */
export function validateHost(text: string, what: string): string | null {
  const host = text.trim();
  if (host === '') return `The ${what} is required`;
  if (/^[a-z]+:\/\//i.test(host)) return `The ${what} is a host name without https:// or mqtts://`;
  if (!HOST.test(host)) return `The ${what} "${host.slice(0, 80)}" is not a host name`;
  return null;
}

/** A PEM certificate block (one or more). Not a parse of the DER: the TLS stack will tell if it is bad. */
export function validateCaPem(text: string): string | null {
  const pem = text.trim();
  if (!/^-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem)) {
    return 'The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----';
  }
  if (/PRIVATE KEY-----/.test(pem)) return 'This PEM contains a private key; paste only the CA certificate';
  return null;
}
