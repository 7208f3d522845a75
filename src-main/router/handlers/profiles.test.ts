import { describe, expect, it } from 'vitest';
import { useRouterTestBed, web } from './router-test-bed.ts';

const KEY = Buffer.alloc(32, 0x11).toString('base64');
const DPS = `HostName=r.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${KEY}`;
const HUB = `HostName=r.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${KEY}`;

const bed = useRouterTestBed('profiles-router-');

// Through the real router and container: payloads are checked before any service runs, and the
// replies the renderer gets never hold a key.
describe('profiles and vault channels', () => {
  it.each([
    ['profiles:create', { profile: { idScope: 'x', hubs: [{}] } }, 'profile.name'],
    ['profiles:create', { profile: { name: 'a', idScope: 'x', hubs: [] } }, 'profile.hubs'],
    ['profiles:create', { profile: { name: 'a', idScope: 'x', hubs: [{}], extra: 1 } }, 'profile'],
    ['profiles:update', { profile: { name: 'a', idScope: 'x', hubs: [{}] } }, 'id'],
    ['profiles:rename', { id: 'p', name: '   ' }, 'name'],
    ['profiles:import', { json: '' }, 'json'],
    ['profiles:usage', { limit: 0 }, 'limit'],
    ['vault:setPassphrase', { passphrase: 'short' }, 'passphrase'],
    ['vault:unlock', {}, 'passphrase'],
  ])('%s answers bad input naming the field (%#)', async (channel, payload, path) => {
    const reply = await bed.router.handle(channel, payload, web);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('validation');
    expect(reply.error.details?.map((d) => d.path)).toContain(path);
  });

  it('creates, reads and exports a profile without any key in a reply', async () => {
    const created = await bed.router.handle('profiles:create', { profile: { name: 'R', dpsConnectionString: DPS, idScope: '0ne00000R01', hubs: [{ connectionString: HUB }] } }, web);
    expect(created.ok).toBe(true);
    const id = created.ok ? (created.value as { summary: { id: string } }).summary.id : '';
    const replies = [created, await bed.router.handle('profiles:get', { id }, web), await bed.router.handle('profiles:export', {}, web), await bed.router.handle('vault:status', {}, web)];
    for (const reply of replies) {
      expect(reply.ok).toBe(true);
      expect(JSON.stringify(reply)).not.toContain(KEY);
      expect(JSON.stringify(reply)).not.toContain('SharedAccessKey');
    }
  });

  it('answers a bad connection string with field paths and no echo of the key', async () => {
    const reply = await bed.router.handle('profiles:create', { profile: { name: 'R', dpsConnectionString: HUB, idScope: '0ne00000R01', hubs: [{ connectionString: DPS }] } }, web);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.details?.map((d) => d.path)).toEqual(['dpsConnectionString', 'hubs.0.connectionString']);
    expect(JSON.stringify(reply)).not.toContain(KEY);
  });
});
