import { profileMessage as m, profileText, type ProfileMessage } from './profile-messages.ts';

/**
 * Parsing and validation of the connection strings an operator pastes into a profile. Every
 * message names what is wrong in words and never repeats a key: messages cross to the renderer.
 * The `check*` functions return keyed messages (so the renderer can translate them); the
 * `validate*` functions are the same checks with the messages rendered in English.
 */

export interface ParsedConnectionString {
  /** Field names as written, mapped by their lower-case name. */
  fields: Map<string, { name: string; value: string }>;
}

export type Validation<T> = { ok: true; value: T; warnings: string[] } | { ok: false; errors: string[] };
export type Checked<T> = { ok: true; value: T; warnings: ProfileMessage[] } | { ok: false; errors: ProfileMessage[] };

function english<T>(checked: Checked<T>): Validation<T> {
  return checked.ok ? { ok: true, value: checked.value, warnings: checked.warnings.map(profileText) } : { ok: false, errors: checked.errors.map(profileText) };
}

function englishOrNull(message: ProfileMessage | null): string | null {
  return message ? profileText(message) : null;
}

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
  const parsed = splitConnectionString(text);
  return parsed.ok ? parsed : { ok: false, errors: parsed.errors.map(profileText) };
}

function splitConnectionString(text: string): { ok: true; value: ParsedConnectionString } | { ok: false; errors: ProfileMessage[] } {
  const fields = new Map<string, { name: string; value: string }>();
  const errors: ProfileMessage[] = [];
  const segments = text.trim().split(';').filter((s) => s.trim() !== '');
  segments.forEach((segment, index) => {
    const eq = segment.indexOf('=');
    // names are identifiers; anything else is likely a pasted key, which must not be echoed back
    if (eq <= 0 || !/^[A-Za-z][A-Za-z0-9]{0,23}$/.test(segment.slice(0, eq).trim())) {
      errors.push(m('csPartNotNameValue', { part: index + 1 }));
      return;
    }
    const name = segment.slice(0, eq).trim();
    const value = segment.slice(eq + 1).trim();
    if (fields.has(name.toLowerCase())) errors.push(m('csDuplicateField', { name }));
    fields.set(name.toLowerCase(), { name, value });
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: { fields } };
}

function field(parsed: ParsedConnectionString, name: string): string | undefined {
  return parsed.fields.get(name.toLowerCase())?.value;
}

/** Checks shared by every service (owner-policy) connection string; `kind` picks the wording that names the field. */
function checkServiceString(text: string, kind: 'dps' | 'hub'): Checked<ServiceEndpoint> {
  if (text.trim() === '') return { ok: false, errors: [m(kind === 'dps' ? 'dpsEmpty' : 'hubEmpty')] };
  const parsed = splitConnectionString(text);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const errors: ProfileMessage[] = [];
  const host = field(p, 'HostName');
  if (field(p, 'Endpoint') !== undefined && host === undefined) {
    return { ok: false, errors: [m(kind === 'dps' ? 'dpsIsEventHub' : 'hubIsEventHub')] };
  }
  if (field(p, 'DeviceId') !== undefined) errors.push(m(kind === 'dps' ? 'dpsIsDevice' : 'hubIsDevice'));
  if (host === undefined || host === '') errors.push(m('csNoHostName'));
  else if (!HOST.test(host)) errors.push(m('csBadHostName', { host: host.slice(0, 80) }));
  const policyName = field(p, 'SharedAccessKeyName');
  if (policyName === undefined || policyName === '') errors.push(m('csNoPolicyName'));
  const key = field(p, 'SharedAccessKey');
  if (key === undefined || key === '') {
    errors.push(m(field(p, 'SharedAccessSignature') !== undefined ? 'csSasToken' : 'csNoKey'));
  } else if (!BASE64.test(key)) {
    errors.push(m('csKeyNotBase64'));
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { host: host!, policyName: policyName!, key: key! }, warnings: [] };
}

function hostName(host: string): string {
  return host.replace(/:\d+$/, '').toLowerCase();
}

/** Host and policy as far as they can be read, so a swapped string is named even when its key is also broken. */
function peek(text: string): { host: string; policyName: string; isDevice: boolean } | null {
  const parsed = splitConnectionString(text);
  if (!parsed.ok) return null;
  const host = field(parsed.value, 'HostName');
  if (!host) return null;
  return { host, policyName: field(parsed.value, 'SharedAccessKeyName') ?? '', isDevice: field(parsed.value, 'DeviceId') !== undefined };
}

/** A DPS service connection string, e.g. `HostName=x.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=…`. */
export function validateDpsConnectionString(text: string): Validation<ServiceEndpoint> {
  return english(checkDpsConnectionString(text));
}

/**
 * What both service strings share: a string for the other service is named as such first (even
 * when its key is also broken), then its parts are checked. `policy` is the lower-case policy name.
 */
function checkServiceOf(text: string, kind: 'dps' | 'hub'): Checked<ServiceEndpoint & { policy: string }> {
  const seen = peek(text);
  const base: Checked<ServiceEndpoint> = seen && !seen.isDevice ? { ok: true, value: { host: seen.host, policyName: seen.policyName, key: '' }, warnings: [] } : checkServiceString(text, kind);
  if (!base.ok) return base;
  const { host, policyName } = base.value;
  const policy = policyName.toLowerCase();
  const [otherSuffix, ownRights, otherRights] = kind === 'dps' ? [HUB_SUFFIX, DPS_POLICY_RIGHTS, HUB_POLICY_RIGHTS] : [DPS_SUFFIX, HUB_POLICY_RIGHTS, DPS_POLICY_RIGHTS];
  if (hostName(host).endsWith(otherSuffix)) return { ok: false, errors: [m(kind === 'dps' ? 'dpsLooksLikeHubByHost' : 'hubLooksLikeDpsByHost')] };
  if (policy in otherRights && !(policy in ownRights)) {
    return { ok: false, errors: [m(kind === 'dps' ? 'dpsLooksLikeHubByPolicy' : 'hubLooksLikeDpsByPolicy', { policy: policyName })] };
  }
  const checked = checkServiceString(text, kind);
  return checked.ok ? { ok: true, value: { ...checked.value, policy }, warnings: [] } : checked;
}

export function checkDpsConnectionString(text: string): Checked<ServiceEndpoint> {
  const checked = checkServiceOf(text, 'dps');
  if (!checked.ok) return checked;
  const { policy, ...value } = checked.value;
  const named = { policy: value.policyName };
  const warnings: ProfileMessage[] = [];
  const rights = DPS_POLICY_RIGHTS[policy];
  if (!rights) warnings.push(m('dpsPolicyUnknown', named));
  else if (!rights.includes('EnrollmentWrite')) warnings.push(m('dpsPolicyReadOnly', named));
  return { ok: true, value, warnings };
}

/** An IoT Hub service connection string, e.g. `HostName=h.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=…`. */
export function validateHubConnectionString(text: string): Validation<ServiceEndpoint> {
  return english(checkHubConnectionString(text));
}

export function checkHubConnectionString(text: string): Checked<ServiceEndpoint> {
  const checked = checkServiceOf(text, 'hub');
  if (!checked.ok) return checked;
  const { policy, ...value } = checked.value;
  const named = { policy: value.policyName };
  const warnings: ProfileMessage[] = [];
  const rights = HUB_POLICY_RIGHTS[policy];
  if (!rights) {
    warnings.push(m('hubPolicyUnknown', named));
  } else {
    if (!rights.includes('RegistryRead')) warnings.push(m('hubNoRegistryRead', named));
    else if (!rights.includes('RegistryWrite')) warnings.push(m('hubNoRegistryWrite', named));
    if (!rights.includes('ServiceConnect')) warnings.push(m('hubNoServiceConnect', named));
  }
  return { ok: true, value, warnings };
}

/** An Event Hub-compatible endpoint, `Endpoint=sb://…/;SharedAccessKeyName=…;SharedAccessKey=…;EntityPath=…`. */
export function validateEventHubConnectionString(text: string): Validation<EventHubEndpoint> {
  return english(checkEventHubConnectionString(text));
}

export function checkEventHubConnectionString(text: string): Checked<EventHubEndpoint> {
  if (text.trim() === '') return { ok: false, errors: [m('ehEmpty')] };
  const parsed = splitConnectionString(text);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  if (field(p, 'HostName') !== undefined) return { ok: false, errors: [m('ehIsServiceString')] };
  const errors: ProfileMessage[] = [];
  const endpoint = field(p, 'Endpoint');
  let host = '';
  if (endpoint === undefined || endpoint === '') errors.push(m('ehNoEndpoint'));
  else {
    const match = /^sb:\/\/([^/]+)\/?$/i.exec(endpoint);
    if (!match || !HOST.test(match[1]!)) errors.push(m('ehBadEndpoint'));
    else host = match[1]!;
  }
  const policyName = field(p, 'SharedAccessKeyName');
  if (!policyName) errors.push(m('ehNoPolicyName'));
  const key = field(p, 'SharedAccessKey');
  if (!key) errors.push(m('ehNoKey'));
  else if (!BASE64.test(key)) errors.push(m('csKeyNotBase64'));
  if (errors.length) return { ok: false, errors };
  const warnings = policyName!.toLowerCase() === 'device' || policyName!.toLowerCase() === 'registryread' ? [m('ehNoServiceConnect', { policy: policyName! })] : [];
  return { ok: true, value: { host, policyName: policyName!, key: key!, entityPath: field(p, 'EntityPath') ?? null }, warnings };
}

/** The DPS id scope: "0ne" followed by hex digits on Azure; the sandbox uses the same shape. */
export function validateIdScope(text: string): string | null {
  return englishOrNull(checkIdScope(text));
}

export function checkIdScope(text: string): ProfileMessage | null {
  const scope = text.trim();
  if (scope === '') return m('idScopeRequired');
  if (!/^[A-Za-z0-9]{4,32}$/.test(scope)) return m('idScopeInvalid');
  return null;
}

/** The host fields a profile has; each has its own messages so every language can name the field. */
export type HostField = 'globalEndpoint' | 'dpsHost' | 'hubHost';
const HOST_FIELDS = { 'global device endpoint': 'globalEndpoint', 'DPS host name': 'dpsHost', 'IoT Hub host name': 'hubHost' } as const satisfies Record<string, HostField>;

/** A plain host name (no scheme, no path), optionally with :port; `what` is the field's English name. */
export function validateHost(text: string, what: keyof typeof HOST_FIELDS): string | null {
  return englishOrNull(checkHost(text, HOST_FIELDS[what]));
}

export function checkHost(text: string, what: HostField): ProfileMessage | null {
  const host = text.trim();
  if (host === '') return m(`${what}Required`);
  if (/^[a-z]+:\/\//i.test(host)) return m(`${what}HasScheme`);
  if (!HOST.test(host)) return m(`${what}Invalid`, { host: host.slice(0, 80) });
  return null;
}

/** A PEM certificate block (one or more). Not a parse of the DER: the TLS stack will tell if it is bad. */
export function validateCaPem(text: string): string | null {
  return englishOrNull(checkCaPem(text));
}

export function checkCaPem(text: string): ProfileMessage | null {
  const pem = text.trim();
  if (!/^-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem)) return m('caNotPem');
  if (/PRIVATE KEY-----/.test(pem)) return m('caHasPrivateKey');
  return null;
}
