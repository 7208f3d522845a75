import { describe, expect, it } from 'vitest';
import {
  checkCaPem,
  checkDpsConnectionString,
  checkEventHubConnectionString,
  checkHost,
  checkHubConnectionString,
  checkIdScope,
  parseConnectionString,
  validateCaPem,
  validateDpsConnectionString,
  validateEventHubConnectionString,
  validateHost,
  validateHubConnectionString,
  validateIdScope,
} from './profile-connection-string.ts';
import type { ProfileMessage } from './profile-messages.ts';

const KEY = 'c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY3OA==';
const DPS = `HostName=my-dps.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${KEY}`;
const HUB = `HostName=my-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}`;

function errorsOf(result: { ok: boolean; errors?: string[] }): string[] {
  expect(result.ok).toBe(false);
  return result.errors ?? [];
}

describe('parseConnectionString', () => {
  it('keeps = inside values (base64 padding)', () => {
    const parsed = parseConnectionString(DPS);
    expect(parsed.ok && parsed.value.fields.get('sharedaccesskey')?.value).toBe(KEY);
  });
  it('names a part that is not Name=value, without echoing it', () => {
    const result = parseConnectionString(`HostName=a.b;${KEY}`);
    expect(errorsOf(result)).toEqual(['Part 2 of the connection string is not Name=value (parts are separated by ";")']);
  });
  it('names a duplicated field', () => {
    expect(errorsOf(parseConnectionString('HostName=a;HostName=b'))).toEqual(['HostName appears more than once']);
  });
});

describe('validateDpsConnectionString', () => {
  it('accepts a provisioningserviceowner string without warnings', () => {
    expect(validateDpsConnectionString(DPS)).toEqual({
      ok: true,
      value: { host: 'my-dps.azure-devices-provisioning.net', policyName: 'provisioningserviceowner', key: KEY },
      warnings: [],
    });
  });
  it('accepts host:port for a sandbox or private test service', () => {
    const result = validateDpsConnectionString(`HostName=localhost:18444;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${KEY}`);
    expect(result.ok && result.value.host).toBe('localhost:18444');
  });
  it('asks for a string when empty', () => {
    expect(errorsOf(validateDpsConnectionString('  '))).toEqual(['Paste the DPS service connection string']);
  });
  it('names a missing HostName', () => {
    expect(errorsOf(validateDpsConnectionString(`SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${KEY}`))).toEqual([
      'The connection string has no HostName=…',
    ]);
  });
  it('names a host that is not a host name', () => {
    expect(errorsOf(validateDpsConnectionString(DPS.replace('my-dps.azure', 'https://my dps.azure')))[0]).toMatch(/^HostName ".*" is not a host name$/);
  });
  it('names a missing policy name and a missing key', () => {
    expect(errorsOf(validateDpsConnectionString('HostName=my-dps.azure-devices-provisioning.net'))).toEqual([
      'The connection string has no SharedAccessKeyName=… (the policy name)',
      'The connection string has no SharedAccessKey=…',
    ]);
  });
  it('explains that a SAS token expires', () => {
    expect(errorsOf(validateDpsConnectionString('HostName=a.azure-devices-provisioning.net;SharedAccessKeyName=p;SharedAccessSignature=SharedAccessSignature sr=x'))).toEqual([
      'The connection string carries a SharedAccessSignature token, which expires; paste one with SharedAccessKey=… instead',
    ]);
  });
  it('names a key that is not base64 and never echoes it', () => {
    const errors = errorsOf(validateDpsConnectionString(DPS.replace(KEY, 'not*base64!')));
    expect(errors).toEqual(['The SharedAccessKey is not valid base64 (it may be cut short or have extra characters)']);
  });
  it('spots a device connection string', () => {
    const errors = errorsOf(validateDpsConnectionString(`HostName=my-hub.azure-devices.net;DeviceId=d1;SharedAccessKey=${KEY}`));
    expect(errors).toContain('This is a device connection string (it has DeviceId); paste the connection string of a shared access policy such as provisioningserviceowner instead');
  });
  it('spots a hub string by its host', () => {
    expect(errorsOf(validateDpsConnectionString(HUB))).toEqual([
      'This looks like an IoT Hub connection string (host ends in .azure-devices.net); the DPS field needs the DPS one (host ends in .azure-devices-provisioning.net, policy such as provisioningserviceowner)',
    ]);
  });
  it('names the swap first, even when the pasted key is also broken', () => {
    expect(errorsOf(validateDpsConnectionString('HostName=x.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=abc'))[0]).toMatch(/^This looks like an IoT Hub connection string/);
    expect(errorsOf(validateHubConnectionString('HostName=x.azure-devices-provisioning.net;SharedAccessKey=abc'))[0]).toMatch(/^This looks like a DPS connection string/);
  });
  it('spots a hub string by its policy on a neutral host', () => {
    expect(errorsOf(validateDpsConnectionString(`HostName=localhost:1;SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}`))[0]).toContain('policy iothubowner');
  });
  it('spots an Event Hub string', () => {
    expect(errorsOf(validateDpsConnectionString(`Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=service;SharedAccessKey=${KEY}`))[0]).toMatch(/^This is an Event Hub connection string/);
  });
  it('warns about a read-only policy', () => {
    const result = validateDpsConnectionString(DPS.replace('provisioningserviceowner', 'enrollmentread'));
    expect(result.ok && result.warnings).toEqual(['Policy "enrollmentread" can read enrollments but not create, change or delete them']);
  });
  it('says when a policy is unknown', () => {
    const result = validateDpsConnectionString(DPS.replace('provisioningserviceowner', 'myops'));
    expect(result.ok && result.warnings).toEqual([
      'Policy "myops" is not a well-known DPS policy, so its rights are unknown; Test connection will show whether it can read enrollments',
    ]);
  });
});

describe('validateHubConnectionString', () => {
  it('accepts an iothubowner string without warnings', () => {
    const result = validateHubConnectionString(HUB);
    expect(result).toMatchObject({ ok: true, warnings: [], value: { host: 'my-hub.azure-devices.net', policyName: 'iothubowner' } });
  });
  it('spots a DPS string by its host', () => {
    expect(errorsOf(validateHubConnectionString(DPS))).toEqual([
      'This looks like a DPS connection string (host ends in .azure-devices-provisioning.net); the IoT Hub field needs the hub one (host ends in .azure-devices.net, policy such as iothubowner)',
    ]);
  });
  it('asks for a string when empty', () => {
    expect(errorsOf(validateHubConnectionString(''))).toEqual(['Paste the IoT Hub connection string']);
  });
  it('spots a DPS string by its policy on a neutral host', () => {
    expect(errorsOf(validateHubConnectionString(`HostName=127.0.0.1:8443;SharedAccessKeyName=enrollmentread;SharedAccessKey=${KEY}`))).toEqual([
      'This looks like a DPS connection string (policy enrollmentread); the IoT Hub field needs the hub one (host ends in .azure-devices.net, policy such as iothubowner)',
    ]);
  });
  it('spots an Event Hub string', () => {
    expect(errorsOf(validateHubConnectionString(`Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=service;SharedAccessKey=${KEY}`))).toEqual([
      'This is an Event Hub connection string (it has Endpoint=sb://…); the IoT Hub field needs one that starts with HostName=',
    ]);
  });
  it('spots a device connection string', () => {
    expect(errorsOf(validateHubConnectionString(`HostName=my-hub.azure-devices.net;DeviceId=d1;SharedAccessKey=${KEY}`))[0]).toBe(
      'This is a device connection string (it has DeviceId); paste the connection string of a shared access policy such as iothubowner instead',
    );
  });
  it.each([
    ['service', ['Policy "service" has no RegistryRead right: devices and twins cannot be listed']],
    ['registryRead', ['Policy "registryRead" has no RegistryWrite right: devices cannot be created, changed or deleted', 'Policy "registryRead" has no ServiceConnect right: direct methods and jobs will be refused']],
    ['registryReadWrite', ['Policy "registryReadWrite" has no ServiceConnect right: direct methods and jobs will be refused']],
    ['device', ['Policy "device" has no RegistryRead right: devices and twins cannot be listed', 'Policy "device" has no ServiceConnect right: direct methods and jobs will be refused']],
    ['custom1', ['Policy "custom1" is not a built-in IoT Hub policy, so its rights are unknown; Test connection will show whether it can read the registry']],
  ])('infers what policy %s cannot do', (policy, warnings) => {
    const result = validateHubConnectionString(HUB.replace('iothubowner', policy));
    expect(result.ok && result.warnings).toEqual(warnings);
  });
});

describe('validateEventHubConnectionString', () => {
  const EH = `Endpoint=sb://ihsuprodblres.servicebus.windows.net/;SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY};EntityPath=my-hub`;
  it('accepts an Event Hub-compatible endpoint', () => {
    expect(validateEventHubConnectionString(EH)).toEqual({
      ok: true,
      value: { host: 'ihsuprodblres.servicebus.windows.net', policyName: 'iothubowner', key: KEY, entityPath: 'my-hub' },
      warnings: [],
    });
  });
  it('names each problem', () => {
    expect(errorsOf(validateEventHubConnectionString(''))).toEqual(['Paste the Event Hub-compatible endpoint']);
    expect(errorsOf(validateEventHubConnectionString(HUB))[0]).toMatch(/it has HostName/);
    expect(errorsOf(validateEventHubConnectionString('Endpoint=https://x/;SharedAccessKeyName=a;SharedAccessKey=!!'))).toEqual([
      'Endpoint must look like sb://<namespace>.servicebus.windows.net/',
      'The SharedAccessKey is not valid base64 (it may be cut short or have extra characters)',
    ]);
    expect(errorsOf(validateEventHubConnectionString('EntityPath=x'))).toEqual([
      'The endpoint has no Endpoint=sb://…',
      'The endpoint has no SharedAccessKeyName=… (the policy name)',
      'The endpoint has no SharedAccessKey=…',
    ]);
  });
  it('warns when the policy cannot read events', () => {
    const result = validateEventHubConnectionString(EH.replace('iothubowner', 'device'));
    expect(result.ok && result.warnings).toEqual(['Policy "device" has no ServiceConnect right, which reading events needs']);
  });
});

describe('plain fields', () => {
  it('checks the id scope', () => {
    expect(validateIdScope('0ne00ABC123')).toBeNull();
    expect(validateIdScope('')).toBe('The id scope is required (DPS overview page, e.g. 0ne00ABC123)');
    expect(validateIdScope('0ne 00')).toBe('The id scope has only letters and digits, e.g. 0ne00ABC123');
  });
  it('checks host names', () => {
    expect(validateHost('global.azure-devices-provisioning.net', 'global device endpoint')).toBeNull();
    expect(validateHost('localhost:8883', 'global device endpoint')).toBeNull();
    expect(validateHost('', 'global device endpoint')).toBe('The global device endpoint is required');
    expect(validateHost('https://x.net', 'global device endpoint')).toBe('The global device endpoint is a host name without https:// or mqtts://');
    expect(validateHost('a b', 'global device endpoint')).toBe('The global device endpoint "a b" is not a host name');
  });
  it('checks the CA PEM', () => {
    expect(validateCaPem('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----')).toBeNull();
    expect(validateCaPem('MIIB')).toBe('The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----');
    expect(validateCaPem('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----')).toBe(
      'This PEM contains a private key; paste only the CA certificate',
    );
  });
});

// The checks name each problem by a stable key (the validate* tests above pin the English text).
describe('message keys', () => {
  const keysOf = (result: { ok: true } | { ok: false; errors: ProfileMessage[] }) => (result.ok ? [] : result.errors.map((e) => [e.key, e.params]));
  it('names every connection string problem by key, with only host and policy names as values', () => {
    expect(keysOf(checkDpsConnectionString(''))).toEqual([['dpsEmpty', {}]]);
    expect(keysOf(checkHubConnectionString(''))).toEqual([['hubEmpty', {}]]);
    expect(keysOf(checkDpsConnectionString('HostName=a;xyz'))).toEqual([['csPartNotNameValue', { part: 2 }]]);
    expect(keysOf(checkDpsConnectionString('HostName=a;HostName=b'))).toEqual([['csDuplicateField', { name: 'HostName' }]]);
    expect(keysOf(checkDpsConnectionString(`HostName=a b;SharedAccessKeyName=p;SharedAccessKey=${KEY}`))).toEqual([['csBadHostName', { host: 'a b' }]]);
    expect(keysOf(checkDpsConnectionString('HostName=my-dps.azure-devices-provisioning.net;SharedAccessKey=!!'))).toEqual([['csNoPolicyName', {}], ['csKeyNotBase64', {}]]);
    expect(keysOf(checkDpsConnectionString('HostName=my-dps.azure-devices-provisioning.net;SharedAccessKeyName=p;SharedAccessSignature=x'))).toEqual([['csSasToken', {}]]);
    expect(keysOf(checkDpsConnectionString('SharedAccessKeyName=p'))).toEqual([['csNoHostName', {}], ['csNoKey', {}]]);
    expect(keysOf(checkDpsConnectionString(`HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=${KEY}`))[0]).toEqual(['dpsIsDevice', {}]);
    expect(keysOf(checkHubConnectionString(`HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=${KEY}`))[0]).toEqual(['hubIsDevice', {}]);
    expect(keysOf(checkDpsConnectionString(`Endpoint=sb://x/;SharedAccessKey=${KEY}`))).toEqual([['dpsIsEventHub', {}]]);
    expect(keysOf(checkHubConnectionString(`Endpoint=sb://x/;SharedAccessKey=${KEY}`))).toEqual([['hubIsEventHub', {}]]);
    expect(keysOf(checkDpsConnectionString(HUB))).toEqual([['dpsLooksLikeHubByHost', {}]]);
    expect(keysOf(checkDpsConnectionString(`HostName=localhost;SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}`))).toEqual([['dpsLooksLikeHubByPolicy', { policy: 'iothubowner' }]]);
    expect(keysOf(checkHubConnectionString(DPS))).toEqual([['hubLooksLikeDpsByHost', {}]]);
    expect(keysOf(checkHubConnectionString(`HostName=localhost;SharedAccessKeyName=enrollmentread;SharedAccessKey=${KEY}`))).toEqual([['hubLooksLikeDpsByPolicy', { policy: 'enrollmentread' }]]);
    expect(keysOf(checkEventHubConnectionString(''))).toEqual([['ehEmpty', {}]]);
    expect(keysOf(checkEventHubConnectionString(HUB))).toEqual([['ehIsServiceString', {}]]);
    expect(keysOf(checkEventHubConnectionString('Endpoint=https://x/;SharedAccessKey=!!'))).toEqual([['ehBadEndpoint', {}], ['ehNoPolicyName', {}], ['csKeyNotBase64', {}]]);
    expect(keysOf(checkEventHubConnectionString('EntityPath=x'))).toEqual([['ehNoEndpoint', {}], ['ehNoPolicyName', {}], ['ehNoKey', {}]]);
  });
  it('names every warning by key with the policy name as its value', () => {
    const warningsOf = (result: { ok: true; warnings: ProfileMessage[] } | { ok: false }) => (result.ok ? result.warnings.map((w) => [w.key, w.params]) : null);
    expect(warningsOf(checkDpsConnectionString(DPS.replace('provisioningserviceowner', 'myops')))).toEqual([['dpsPolicyUnknown', { policy: 'myops' }]]);
    expect(warningsOf(checkDpsConnectionString(DPS.replace('provisioningserviceowner', 'enrollmentread')))).toEqual([['dpsPolicyReadOnly', { policy: 'enrollmentread' }]]);
    expect(warningsOf(checkHubConnectionString(HUB.replace('iothubowner', 'x')))).toEqual([['hubPolicyUnknown', { policy: 'x' }]]);
    expect(warningsOf(checkHubConnectionString(HUB.replace('iothubowner', 'device')))).toEqual([['hubNoRegistryRead', { policy: 'device' }], ['hubNoServiceConnect', { policy: 'device' }]]);
    expect(warningsOf(checkHubConnectionString(HUB.replace('iothubowner', 'registryRead')))).toEqual([['hubNoRegistryWrite', { policy: 'registryRead' }], ['hubNoServiceConnect', { policy: 'registryRead' }]]);
    expect(warningsOf(checkEventHubConnectionString(`Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=device;SharedAccessKey=${KEY}`))).toEqual([['ehNoServiceConnect', { policy: 'device' }]]);
  });
  it('names plain field problems by key', () => {
    expect([checkIdScope('')?.key, checkIdScope('a b')?.key, checkIdScope('0ne00ABC123')]).toEqual(['idScopeRequired', 'idScopeInvalid', null]);
    expect([checkHost('', 'dpsHost')?.key, checkHost('https://x', 'hubHost')?.key, checkHost('a b', 'globalEndpoint')]).toEqual(['dpsHostRequired', 'hubHostHasScheme', { key: 'globalEndpointInvalid', params: { host: 'a b' } }]);
    expect([checkCaPem('x')?.key, checkCaPem('-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----')?.key]).toEqual(['caNotPem', 'caHasPrivateKey']);
  });
});
