import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../../src-shared/contract/channels/profiles.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { isAzureIotHost } from '../../../src-shared/domain/azure-hosts.ts';
import { makeTestCertificates } from '../azure/tls-test-server.ts';
import { VaultService } from '../vault/vault-service.ts';
import { ProfileUsageLog } from './profile-usage-log.ts';
import { ProfilesService } from './profiles-service.ts';

const HUB_KEY = Buffer.alloc(32, 3).toString('base64');
const DPS_KEY = Buffer.alloc(32, 5).toString('base64');
const certs = makeTestCertificates();
const otherCa = makeTestCertificates().caPem;
let dir: string;
let vault: VaultService;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'profiles-hard-'));
  vault = new VaultService({ dataDir: dir, shell: 'web' });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const service = () => new ProfilesService({ dataDir: dir, vault, usage: new ProfileUsageLog(dir), timeoutMs: 2000 });

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const exported = (profile: Record<string, unknown>) =>
  JSON.stringify({
    format: 'provisioning-bench-profiles',
    version: 1,
    profiles: [
      {
        name: 'Imported',
        auth: 'keys',
        dps: { host: 'contoso.azure-devices-provisioning.net', policyName: 'provisioningserviceowner', idScope: '0ne00ABC123', globalEndpoint: 'global.azure-devices-provisioning.net' },
        hubs: [{ host: 'contoso.azure-devices.net', policyName: 'iothubowner' }],
        eventHub: null,
        caCertificatePem: null,
        entra: null,
        ...profile,
      },
    ],
  });

describe('profiles:import runs the checks create and update run', () => {
  it('imports a well-formed profile', async () => {
    const { imported } = await service().importProfiles(exported({}));
    expect(imported).toHaveLength(1);
  });

  const bad: Array<[string, Record<string, unknown>, string, string]> = [
    ['an id scope with punctuation', { dps: { host: 'contoso.azure-devices-provisioning.net', policyName: null, idScope: '0ne00;rm -rf', globalEndpoint: 'global.azure-devices-provisioning.net' } }, 'json.profiles.0.dps.idScope', 'idScopeInvalid'],
    ['a DPS host with a scheme', { dps: { host: 'https://evil.example.com', policyName: null, idScope: '0ne00ABC123', globalEndpoint: 'global.azure-devices-provisioning.net' } }, 'json.profiles.0.dps.host', 'dpsHostHasScheme'],
    ['a global endpoint that is no host', { dps: { host: 'contoso.azure-devices-provisioning.net', policyName: null, idScope: '0ne00ABC123', globalEndpoint: 'evil host/path' } }, 'json.profiles.0.dps.globalEndpoint', 'globalEndpointInvalid'],
    ['a hub host that is no host', { hubs: [{ host: 'evil.example.com/x?y', policyName: null }] }, 'json.profiles.0.hubs.0.host', 'hubHostInvalid'],
    ['the same hub twice', { hubs: [{ host: 'a.azure-devices.net', policyName: null }, { host: 'A.azure-devices.net', policyName: null }] }, 'json.profiles.0.hubs.1.host', 'hubDuplicate'],
    ['a CA that is not PEM', { caCertificatePem: 'trust me' }, 'json.profiles.0.caCertificatePem', 'caNotPem'],
    ['a CA with its private key', { caCertificatePem: `${certs.caPem}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n` }, 'json.profiles.0.caCertificatePem', 'caHasPrivateKey'],
    ['an Entra ID profile without tenant and client', { auth: 'entra', entra: null }, 'json.profiles.0.entra', 'entraMissing'],
    ['an Entra ID profile that sends the token to another host', { auth: 'entra', entra: { tenantId: 't', clientId: 'c', flow: 'deviceCode' }, hubs: [{ host: 'token-catcher.example.com', policyName: null }] }, 'json.profiles.0.hubs.0.host', 'importEntraHostNotAzure'],
  ];
  for (const [what, profile, path, key] of bad) {
    it(`refuses ${what}, naming the field`, async () => {
      const profiles = service();
      const error = await errorOf(profiles.importProfiles(exported(profile)));
      expect(error.code).toBe('validation');
      expect(error.details).toContainEqual(expect.objectContaining({ path, key }));
      expect(error.message).toContain(path);
      expect((await profiles.list()).profiles).toHaveLength(1); // the Sandbox only: nothing stored
    });
  }
});

const entraInput = (hosts: { dps: string; hub: string }, extra: Partial<ProfileInput> = {}): ProfileInput => ({
  name: 'Entra',
  auth: 'entra',
  dpsHost: hosts.dps,
  idScope: '0ne00ABC123',
  hubs: [{ host: hosts.hub }],
  entra: { tenantId: 'tenant', clientId: 'client', flow: 'deviceCode' },
  ...extra,
});

describe('Entra ID profiles and the hosts that receive the token', () => {
  it('knows the Azure IoT host names of the public, China and US Government clouds, and nothing else', () => {
    for (const host of ['x.azure-devices.net', 'x.azure-devices-provisioning.net', 'x.azure-devices.cn', 'x.azure-devices-provisioning.cn', 'x.azure-devices.us', 'X.Azure-Devices-Provisioning.US', 'x.azure-devices.net:443']) {
      expect(isAzureIotHost(host), host).toBe(true);
    }
    for (const host of ['azure-devices.net', 'x.azure-devices.net.evil.com', 'evilazure-devices.net', 'x..azure-devices.net', 'login.microsoftonline.com', 'localhost', '127.0.0.1']) {
      expect(isAzureIotHost(host), host).toBe(false);
    }
  });

  it('takes Azure hosts without a confirmation', async () => {
    const created = await service().create(entraInput({ dps: 'contoso.azure-devices-provisioning.cn', hub: 'contoso.azure-devices.cn' }));
    expect(created.azure?.dps.host).toBe('contoso.azure-devices-provisioning.cn');
  });

  it('refuses any other host without the explicit confirmation, naming each field', async () => {
    const profiles = service();
    const error = await errorOf(profiles.create(entraInput({ dps: 'dps.example.com', hub: 'hub.example.com' })));
    expect(error.code).toBe('validation');
    expect(error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'dpsHost', key: 'entraHostNotAzure' }), expect.objectContaining({ path: 'hubs.0.host', key: 'entraHostNotAzure', params: { host: 'hub.example.com' } })]),
    );
    const created = await profiles.create(entraInput({ dps: 'dps.example.com', hub: 'hub.example.com' }, { confirmNonAzureHosts: true }));
    // once confirmed, saving the same hosts again does not ask again; a new host does
    await profiles.update(created.summary.id, entraInput({ dps: 'dps.example.com', hub: 'hub.example.com' }));
    const moved = await errorOf(profiles.update(created.summary.id, entraInput({ dps: 'dps.example.com', hub: 'other.example.com' })));
    expect(moved.details).toEqual([expect.objectContaining({ path: 'hubs.0.host', key: 'entraHostNotAzure' })]);
  });
});

describe('changing a profile\'s CA asks for the keys again', () => {
  const keysInput = (overrides: Partial<ProfileInput> = {}): ProfileInput => ({
    name: 'Staging',
    idScope: '0ne00ABC123',
    dpsConnectionString: `HostName=contoso.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${DPS_KEY}`,
    hubs: [{ connectionString: `HostName=contoso.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${HUB_KEY}` }],
    caCertificatePem: certs.caPem,
    ...overrides,
  });
  const keptKeys = { dpsConnectionString: '', hubs: [{ connectionString: '', host: 'contoso.azure-devices.net' }] };

  it('keeps the saved keys when the CA stays', async () => {
    const profiles = service();
    const { summary } = await profiles.create(keysInput());
    const updated = await profiles.update(summary.id, keysInput({ ...keptKeys, name: 'Staging 2' }));
    expect(updated.missingSecrets).toEqual([]);
  });

  it('drops the saved keys that were not entered again when the CA changes, and says so per field', async () => {
    const profiles = service();
    const { summary } = await profiles.create(keysInput());
    const updated = await profiles.update(summary.id, keysInput({ ...keptKeys, caCertificatePem: otherCa }));
    expect(updated.missingSecrets.sort()).toEqual(['dps', 'hub:contoso.azure-devices.net']);
    expect(updated.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'dpsConnectionString', key: 'keyDroppedCaChanged' }), expect.objectContaining({ path: 'hubs.0.connectionString', key: 'keyDroppedCaChanged' })]),
    );
    expect(updated.azure?.dps.keyTail).toBeNull();
    expect(await vault.has(`${summary.id}:dps`)).toBe(false);
    expect((await errorOf(profiles.clientsFor(summary.id).then((c) => c.provisioningService()))).code).toBeDefined();
  });

  it('keeps a key entered again with the new CA', async () => {
    const profiles = service();
    const { summary } = await profiles.create(keysInput());
    const updated = await profiles.update(summary.id, keysInput({ caCertificatePem: null, hubs: [{ connectionString: '', host: 'contoso.azure-devices.net' }] }));
    expect(updated.missingSecrets).toEqual(['hub:contoso.azure-devices.net']);
    expect(await vault.has(`${summary.id}:dps`)).toBe(true);
  });
});
