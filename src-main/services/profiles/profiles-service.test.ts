import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/result.ts';
import { EventBus } from '../../events/event-bus.ts';
import { VaultService } from '../vault/vault-service.ts';
import { ProfileUsageLog } from './profile-usage-log.ts';
import { ProfilesService, type ProfilesServiceOptions } from './profiles-service.ts';

function service(extra: Partial<ProfilesServiceOptions> = {}): ProfilesService {
  return new ProfilesService({ dataDir: dir, vault: new VaultService({ dataDir: dir, shell: 'web' }), usage: new ProfileUsageLog(dir), ...extra });
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'profiles-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ProfilesService list/activate', () => {
  it('starts with the built-in Sandbox active', async () => {
    const svc = service();
    const list = await svc.list();
    expect(list.activeId).toBe('sandbox');
    expect(list.profiles).toEqual([{ id: 'sandbox', name: 'Sandbox', kind: 'sandbox', dpsHost: null, hubHosts: [] }]);
  });

  it('shows the running sandbox hosts on the Sandbox profile', async () => {
    const svc = service({
      sandboxEndpoints: async () => ({
        idScope: '0ne00000001',
        provisioningHost: 'localhost:18444',
        dpsConnectionString: 'HostName=localhost:18444;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=AAAA',
        hubs: [{ hostName: 'localhost:18443', connectionString: 'HostName=localhost:18443;SharedAccessKeyName=iothubowner;SharedAccessKey=AAAA' }],
        caCertificatePath: '/tmp/ca.pem',
      }),
    });
    const [sandbox] = (await svc.list()).profiles;
    expect(sandbox).toMatchObject({ dpsHost: 'localhost:18444', hubHosts: ['localhost:18443'] });
    expect(JSON.stringify(sandbox)).not.toContain('SharedAccessKey');
  });

  it('refuses to activate an unknown profile, naming the field', async () => {
    const svc = service();
    const error = await svc.activate('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('not_found');
    expect((error as AppError).details?.[0]?.path).toBe('id');
  });

  it('persists the active profile across restarts and announces the change', async () => {
    await writeFile(
      join(dir, 'profiles.json'),
      JSON.stringify({ version: 1, activeId: 'sandbox', profiles: [azureRecord('p1', 'Prod')] }),
    );
    const events = new EventBus();
    const seen: unknown[] = [];
    events.subscribe((name, payload) => seen.push([name, payload]));
    const first = service({ events });
    const summary = await first.activate('p1');
    expect(summary).toEqual({ id: 'p1', name: 'Prod', kind: 'azure', dpsHost: 'x.azure-devices-provisioning.net', hubHosts: ['h.azure-devices.net'] });
    expect(seen).toEqual([['profiles:changed', { activeId: 'p1' }]]);
    const second = service();
    expect((await second.list()).activeId).toBe('p1');
    expect(JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')).activeId).toBe('p1');
  });

  it('falls back to the Sandbox when the stored active profile no longer exists', async () => {
    await writeFile(join(dir, 'profiles.json'), JSON.stringify({ version: 1, activeId: 'gone', profiles: [] }));
    expect((await service().list()).activeId).toBe('sandbox');
  });
});

function azureRecord(id: string, name: string) {
  return {
    id,
    name,
    kind: 'azure',
    auth: 'keys',
    dps: { host: 'x.azure-devices-provisioning.net', policyName: 'provisioningserviceowner', keyTail: '…AAA=', idScope: '0ne1', globalEndpoint: 'global.azure-devices-provisioning.net' },
    hubs: [{ host: 'h.azure-devices.net', policyName: 'iothubowner', keyTail: '…BBB=' }],
    eventHub: null,
    caCertificatePem: null,
    entra: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}
