import { DeviceCodeCredential, InteractiveBrowserCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { profileInputSchema } from '../../../src-shared/contract/channels/profiles.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { createEntraCredential } from './entra-credential.ts';
import { checkProfileInput } from './profile-input.ts';

const KEY = Buffer.alloc(32, 0x21).toString('base64');

function problems(run: () => unknown): Array<[string, string]> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return ((error as AppError).details ?? []).map((d) => [d.path, d.message]);
  }
  throw new Error('expected a validation error');
}

// Entra ID cannot be exercised without Azure; what can be checked here is the configuration.
describe('Entra ID profiles', () => {
  const base = { name: 'E', auth: 'entra' as const, idScope: '0ne00000E01', dpsHost: 'e.azure-devices-provisioning.net', hubs: [{ host: 'e.azure-devices.net' }] };

  it('store host names and tenant/client ids, and no secrets', () => {
    const checked = checkProfileInput({ ...base, entra: { tenantId: 't', clientId: 'c', flow: 'deviceCode' } }, null);
    expect(checked.fields).toMatchObject({ auth: 'entra', dps: { host: 'e.azure-devices-provisioning.net', policyName: null, keyTail: null }, hubs: [{ host: 'e.azure-devices.net' }], entra: { tenantId: 't', clientId: 'c' } });
    expect(checked.secrets.size).toBe(0);
  });

  it('need tenant and client id, and plain host names', () => {
    expect(problems(() => checkProfileInput({ ...base, dpsHost: 'https://x', hubs: [{ host: '' }], entra: null }, null))).toEqual([
      ['dpsHost', 'The DPS host name is a host name without https:// or mqtts://'],
      ['entra', 'Entra ID sign-in needs the tenant id and the client (application) id'],
      ['hubs.0.host', 'The IoT Hub host name is required'],
    ]);
    const parsed = profileInputSchema.safeParse({ ...base, entra: { tenantId: ' ', clientId: '', flow: 'deviceCode' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['entra.tenantId', 'Tenant id is required for Entra ID sign-in'],
      ['entra.clientId', 'Client (application) id is required for Entra ID sign-in'],
    ]);
  });

  it('map the chosen flow onto the @azure/identity credential', async () => {
    expect(await createEntraCredential({ tenantId: 't', clientId: 'c', flow: 'deviceCode' }, () => undefined)).toBeInstanceOf(DeviceCodeCredential);
    expect(await createEntraCredential({ tenantId: 't', clientId: 'c', flow: 'interactive' }, () => undefined)).toBeInstanceOf(InteractiveBrowserCredential);
  });
});

describe('key profiles', () => {
  it('keeps an endpoint on edit only when its key is in the vault (an imported profile has none)', () => {
    const first = checkProfileInput({ name: 'K', idScope: '0ne00000K01', dpsConnectionString: `HostName=k.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${KEY}`, hubs: [{ connectionString: `HostName=a.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}` }] }, null);
    const existing = { id: 'p', createdAt: '', updatedAt: '', ...first.fields };
    const edit = { name: 'K', idScope: '0ne00000K01', dpsConnectionString: '', hubs: [{ host: 'a.azure-devices.net' }] };
    expect(checkProfileInput(edit, existing, new Set(['dps', 'hub:a.azure-devices.net'])).secrets.size).toBe(0);
    expect(problems(() => checkProfileInput(edit, existing, new Set(['dps'])))).toEqual([['hubs.0.connectionString', 'Paste the IoT Hub connection string']]);
  });

  const dps = `HostName=k.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${KEY}`;
  const hub = (host: string) => `HostName=${host};SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}`;

  it('splits secrets by vault slot and keeps only key tails in the record', () => {
    const checked = checkProfileInput({ name: 'K', idScope: '0ne00000K01', dpsConnectionString: dps, hubs: [{ connectionString: hub('a.azure-devices.net') }, { connectionString: hub('B.azure-devices.net') }] }, null);
    expect([...checked.secrets.keys()]).toEqual(['dps', 'hub:a.azure-devices.net', 'hub:b.azure-devices.net']);
    expect(JSON.stringify(checked.fields)).not.toContain(KEY);
    expect(checked.fields.dps.keyTail).toBe(`…${KEY.slice(-4)}`);
  });

  it('names a hub listed twice, a missing hub string, a bad CA and an empty Event Hub endpoint', () => {
    expect(problems(() => checkProfileInput({
      name: 'K',
      idScope: '0ne00000K01',
      dpsConnectionString: dps,
      hubs: [{ connectionString: hub('a.azure-devices.net') }, { connectionString: hub('A.azure-devices.net') }, { connectionString: '' }],
      eventHub: { connectionString: '' },
      caCertificatePem: '-----BEGIN PRIVATE KEY-----',
    }, null))).toEqual([
      ['hubs.1.connectionString', 'The hub A.azure-devices.net is already in this profile'],
      ['hubs.2.connectionString', 'Paste the IoT Hub connection string'],
      ['eventHub.connectionString', 'Paste the Event Hub-compatible endpoint'],
      ['caCertificatePem', 'The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----'],
    ]);
  });

  it('does not let an edit keep secrets across a switch from Entra ID to keys', () => {
    const entra = checkProfileInput({ name: 'E', auth: 'entra', idScope: '0ne00000E01', dpsHost: 'k.azure-devices-provisioning.net', hubs: [{ host: 'a.azure-devices.net' }], entra: { tenantId: 't', clientId: 'c', flow: 'interactive' } }, null);
    const existing = { id: 'p', createdAt: '', updatedAt: '', ...entra.fields };
    expect(problems(() => checkProfileInput({ name: 'E', auth: 'keys', idScope: '0ne00000E01', dpsConnectionString: '', hubs: [{ host: 'a.azure-devices.net' }] }, existing, new Set(['dps', 'hub:a.azure-devices.net'])))).toEqual([
      ['dpsConnectionString', 'Paste the DPS service connection string'],
      ['hubs.0.connectionString', 'Paste the IoT Hub connection string'],
    ]);
  });
});

// The renderer translates details by key; the English message stays for logs and as the fallback.
describe('keyed details', () => {
  it('carry the message key and its values, never the key material', () => {
    const badKey = 'not*base64!';
    let details: unknown;
    try {
      checkProfileInput({ name: 'K', idScope: '', dpsConnectionString: `HostName=k.azure-devices-provisioning.net;SharedAccessKeyName=myops;SharedAccessKey=${badKey}`, hubs: [{ connectionString: `HostName=a.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}` }, { connectionString: `HostName=A.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}` }] }, null);
    } catch (error) {
      details = (error as AppError).details;
    }
    expect(details).toEqual([
      { path: 'idScope', key: 'idScopeRequired', message: 'The id scope is required (DPS overview page, e.g. 0ne00ABC123)' },
      { path: 'dpsConnectionString', key: 'csKeyNotBase64', message: 'The SharedAccessKey is not valid base64 (it may be cut short or have extra characters)' },
      { path: 'hubs.1.connectionString', key: 'hubDuplicate', params: { host: 'A.azure-devices.net' }, message: 'The hub A.azure-devices.net is already in this profile' },
    ]);
    expect(JSON.stringify(details)).not.toContain(badKey);
    expect(JSON.stringify(details)).not.toContain(KEY);
  });

  it('carry keys on warnings too', () => {
    const checked = checkProfileInput({ name: 'K', idScope: '0ne00000K01', dpsConnectionString: `HostName=k.azure-devices-provisioning.net;SharedAccessKeyName=enrollmentread;SharedAccessKey=${KEY}`, hubs: [] }, null);
    expect(checked.warnings).toEqual([
      { path: 'dpsConnectionString', key: 'dpsPolicyReadOnly', params: { policy: 'enrollmentread' }, message: 'Policy "enrollmentread" can read enrollments but not create, change or delete them' },
    ]);
  });
});
