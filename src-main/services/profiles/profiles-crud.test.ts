import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../../src-shared/contract/channels/profiles.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { json, makeTestCertificates, startTlsServer } from '../azure/tls-test-server.ts';
import { VaultService } from '../vault/vault-service.ts';
import { ProfileUsageLog } from './profile-usage-log.ts';
import { ProfilesService } from './profiles-service.ts';

const HUB_KEY = Buffer.alloc(32, 3).toString('base64');
const DPS_KEY = Buffer.alloc(32, 5).toString('base64');
const certs = makeTestCertificates();
let server: Awaited<ReturnType<typeof startTlsServer>>;
let dir: string;

beforeAll(async () => {
  server = await startTlsServer(certs, { iothubowner: HUB_KEY, provisioningserviceowner: DPS_KEY }, (_req, res) => json(res, 404, { Message: 'ErrorCode:DeviceNotFound;none' }));
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'profiles-crud-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function service(): ProfilesService {
  return new ProfilesService({ dataDir: dir, vault: new VaultService({ dataDir: dir, shell: 'web' }), usage: new ProfileUsageLog(dir), timeoutMs: 2000 });
}

function input(overrides: Partial<ProfileInput> = {}): ProfileInput {
  return {
    name: 'Staging',
    idScope: '0ne00ABC123',
    dpsConnectionString: `HostName=${server.host};SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${DPS_KEY}`,
    hubs: [{ connectionString: `HostName=${server.host};SharedAccessKeyName=iothubowner;SharedAccessKey=${HUB_KEY}` }],
    caCertificatePem: certs.caPem,
    ...overrides,
  };
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('profiles CRUD', () => {
  it('creates a profile whose details carry hosts, policies and key tails but never a key', async () => {
    const profiles = service();
    const created = await profiles.create(input());
    expect(created.summary).toMatchObject({ name: 'Staging', kind: 'azure', dpsHost: server.host, hubHosts: [server.host] });
    expect(created.azure?.dps).toMatchObject({ policyName: 'provisioningserviceowner', keyTail: `…${DPS_KEY.slice(-4)}`, globalEndpoint: 'global.azure-devices-provisioning.net' });
    expect(created.missingSecrets).toEqual([]);
    const text = JSON.stringify(created) + (await readFile(join(dir, 'profiles.json'), 'utf8'));
    expect(text).not.toContain(DPS_KEY);
    expect(text).not.toContain(HUB_KEY);
    expect(text).not.toContain('SharedAccessKey=');
  });

  it('answers bad input with every problem at its field path', async () => {
    const error = await errorOf(service().create(input({
      name: 'X',
      idScope: '',
      dpsConnectionString: `HostName=h.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${HUB_KEY}`,
      hubs: [{ connectionString: `HostName=h.azure-devices.net;DeviceId=d1;SharedAccessKey=${HUB_KEY}` }],
      caCertificatePem: 'not a pem',
      eventHub: { connectionString: 'Endpoint=sb://x/;SharedAccessKeyName=s;SharedAccessKey=***' },
    })));
    expect(error.code).toBe('validation');
    expect([...new Set(error.details?.map((d) => d.path))]).toEqual(['idScope', 'dpsConnectionString', 'hubs.0.connectionString', 'eventHub.connectionString', 'caCertificatePem']);
    expect(error.message).not.toContain(HUB_KEY);
  });

  it('returns policy warnings with the saved profile', async () => {
    const created = await service().create(input({ hubs: [{ connectionString: `HostName=${server.host};SharedAccessKeyName=registryRead;SharedAccessKey=${HUB_KEY}` }] }));
    expect(created.warnings.map((w) => w.path)).toEqual(['hubs.0.connectionString', 'hubs.0.connectionString']);
  });

  it('keeps stored secrets on edit when the connection string is left empty', async () => {
    const profiles = service();
    const { summary } = await profiles.create(input());
    const updated = await profiles.update(summary.id, input({ name: 'Staging EU', dpsConnectionString: '', hubs: [{ host: server.host }] }));
    expect(updated.summary.name).toBe('Staging EU');
    expect(updated.azure?.hubs[0]?.keyTail).toBe(`…${HUB_KEY.slice(-4)}`);
    expect(updated.missingSecrets).toEqual([]);
  });

  it('keeps every profile when several are created at once', async () => {
    const profiles = service();
    await Promise.all(['A', 'B', 'C', 'D'].map((name) => profiles.create(input({ name }))));
    expect((await service().list()).profiles.map((p) => p.name).sort()).toEqual(['A', 'B', 'C', 'D', 'Sandbox']);
  });

  it('refuses duplicate names, renaming or deleting the Sandbox, and unknown ids', async () => {
    const profiles = service();
    const { summary } = await profiles.create(input());
    expect((await errorOf(profiles.create(input({ name: 'staging' })))).code).toBe('conflict');
    expect((await errorOf(profiles.create(input({ name: 'Sandbox' })))).details?.[0]?.path).toBe('name');
    expect((await errorOf(profiles.delete('sandbox'))).message).toBe('The built-in Sandbox profile cannot be deleted; reset the sandbox instead');
    expect((await errorOf(profiles.rename('sandbox', 'Mine'))).code).toBe('unsupported');
    expect((await errorOf(profiles.get('nope'))).code).toBe('not_found');
    expect(await profiles.rename(summary.id, 'Prod')).toMatchObject({ name: 'Prod' });
  });

  it('deletes a profile with its secrets and falls back to the Sandbox when it was active', async () => {
    const profiles = service();
    const { summary } = await profiles.create(input());
    await profiles.activate(summary.id);
    expect(await profiles.delete(summary.id)).toEqual({ activeId: 'sandbox' });
    expect((await profiles.list()).profiles.map((p) => p.id)).toEqual(['sandbox']);
  });

  it('finds the profile again after a restart; a session-only vault says which secrets must be pasted again', async () => {
    const { summary } = await service().create(input());
    const restarted = service();
    const details = await restarted.get(summary.id);
    expect(details.summary.name).toBe('Staging');
    expect(details.missingSecrets).toEqual(['dps', `hub:${server.host}`]);
    expect((await errorOf(restarted.clientsFor(summary.id))).message).toMatch(/has no stored connection string for the DPS .*paste it again/);
  });
});

describe('test connection', () => {
  it('reads once per endpoint through the factory and logs the use without secrets', async () => {
    const profiles = service();
    const { summary } = await profiles.create(input());
    const results = await profiles.testConnection(summary.id);
    expect(results.map((r) => [r.endpoint, r.ok, r.message])).toEqual([
      ['dps', true, 'Connected: the credentials were accepted'],
      ['hub', true, 'Connected: the credentials were accepted'],
    ]);
    const usage = await profiles.usageLog();
    expect(usage.map((u) => [u.operation, u.outcome, u.profileName])).toEqual([
      ['test connection (hub)', 'ok', 'Staging'],
      ['test connection (dps)', 'ok', 'Staging'],
    ]);
    const logText = await readFile(join(dir, 'profile-usage.jsonl'), 'utf8');
    expect(logText).not.toContain(HUB_KEY);
    expect(logText).not.toContain(DPS_KEY);
  });

  it('explains a wrong key per endpoint', async () => {
    const profiles = service();
    const { summary } = await profiles.create(input({ hubs: [{ connectionString: `HostName=${server.host};SharedAccessKeyName=iothubowner;SharedAccessKey=${DPS_KEY}` }] }));
    const [dps, hub] = await profiles.testConnection(summary.id);
    expect(dps?.ok).toBe(true);
    expect(hub).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(hub?.message).toContain('(401)');
  });

  it('records operations run through useActive, failures included', async () => {
    const profiles = service();
    const { summary } = await profiles.create(input());
    await profiles.activate(summary.id);
    await profiles.useActive('list devices', async (clients) => clients.registry().get('x').catch(() => null), server.host);
    await errorOf(profiles.useActive('boom', async () => {
      throw new AppError('throttled', 'slow down');
    }));
    const [last, first] = await profiles.usageLog();
    expect(first).toMatchObject({ operation: 'list devices', outcome: 'ok', host: server.host, profileId: summary.id, kind: 'azure' });
    expect(last).toMatchObject({ operation: 'boom', outcome: 'error', errorCode: 'throttled' });
  });
});

describe('import and export', () => {
  it('exports without any key and imports as new profiles that still need their secrets', async () => {
    const profiles = service();
    await profiles.create(input());
    const { json: text, fileName } = await profiles.exportProfiles();
    expect(fileName).toMatch(/^provisioning-bench-profiles-\d{4}-\d\d-\d\d\.json$/);
    expect(text).not.toContain(DPS_KEY.slice(-4));
    expect(text).not.toContain('SharedAccessKey');
    const { imported } = await profiles.importProfiles(text);
    expect(imported.map((p) => p.name)).toEqual(['Staging (2)']);
    expect((await profiles.get(imported[0]!.id)).missingSecrets).toEqual(['dps', `hub:${server.host}`]);
  });

  it('names what is wrong with a bad file', async () => {
    const profiles = service();
    expect((await errorOf(profiles.importProfiles('{'))).message).toBe('The file is not JSON; choose a file exported from Provisioning Bench');
    expect((await errorOf(profiles.importProfiles('{"format":"x"}'))).message).toBe('The file is not a Provisioning Bench profiles export');
    const error = await errorOf(profiles.importProfiles(JSON.stringify({ format: 'provisioning-bench-profiles', version: 1, profiles: [{ name: '' }] })));
    expect(error.details?.[0]?.path).toMatch(/^json\.profiles\.0\./);
  });
});
