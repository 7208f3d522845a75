import type { Device, Twin } from 'azure-iothub';
import type { CreateDeviceRequest, DeviceDetails, DeviceIdentity, DevicePage } from '../../../src-shared/contract/channels/devices.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { twinPatchProblems, type TwinPatch } from '../../../src-shared/domain/twin-limits.ts';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import type { EventInput, EventLog } from '../event-log/event-log.ts';
import { generateSymmetricKey, keyFingerprint } from '../keys/device-key.ts';
import type { ProfilesService } from '../profiles/profiles-service.ts';
import { deviceRow, maskedIdentity } from './device-identity.ts';
import type { DevicesStore } from './devices-store.ts';
import { hubError } from './hub-error.ts';

export type ActiveProfiles = Pick<ProfilesService, 'useActive' | 'activeId' | 'activeClients'>;

export interface DevicesServiceOptions {
  profiles: ActiveProfiles;
  store: DevicesStore;
  eventLog: EventLog;
}

/** What the hub sends back as a twin, as plain JSON (the SDK's Twin carries its registry). */
function twinJson(twin: Twin): Record<string, unknown> {
  const { _registry: _r, ...rest } = twin as unknown as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/**
 * The device list and identities of the active profile's hubs: queries with paging, saved queries,
 * create / enable / disable / regenerate / delete, key reveal (recorded), twin read and patch.
 * Keys stay here: identities leave as fingerprints.
 */
export class DevicesService {
  private readonly options: DevicesServiceOptions;

  constructor(options: DevicesServiceOptions) {
    this.options = options;
  }

  async hubs(): Promise<string[]> {
    return (await this.options.profiles.activeClients()).hubHosts();
  }

  async query(hubHost: string, query: string, pageSize: number, continuationToken?: string): Promise<DevicePage> {
    return this.run('querying devices', hubHost, async (clients) => {
      const q = clients.registry(hubHost).createQuery(query, pageSize);
      const result = continuationToken ? await q.next(continuationToken) : await q.next();
      const items: DevicePage['items'] = [];
      const records: DevicePage['records'] = [];
      for (const item of (result.result ?? []) as Record<string, unknown>[]) {
        const row = deviceRow(item);
        if (row) items.push(row);
        else records.push(item);
      }
      return { items, records, continuationToken: q.hasMoreResults && q.continuationToken ? q.continuationToken : null };
    });
  }

  async get(hubHost: string, deviceId: string): Promise<DeviceDetails> {
    return this.run(`reading device ${deviceId}`, hubHost, async (clients) => {
      const registry = clients.registry(hubHost);
      const [device, twin] = await Promise.all([registry.get(deviceId), registry.getTwin(deviceId)]);
      return { identity: maskedIdentity(device.responseBody), twin: twinJson(twin.responseBody) };
    });
  }

  async create(request: CreateDeviceRequest & { status: 'enabled' | 'disabled' }): Promise<DeviceIdentity> {
    const { hubHost, deviceId, auth, status } = request;
    const authentication =
      auth.type === 'sas'
        ? { type: 'sas', symmetricKey: { primaryKey: generateSymmetricKey(), secondaryKey: generateSymmetricKey() } }
        : auth.type === 'selfSigned'
          ? { type: 'selfSigned', x509Thumbprint: { primaryThumbprint: auth.primaryThumbprint, secondaryThumbprint: auth.secondaryThumbprint ?? auth.primaryThumbprint } }
          : { type: 'certificateAuthority' };
    const identity = await this.run(`creating device ${deviceId}`, hubHost, async (clients) => {
      const created = await clients.registry(hubHost).create({ deviceId, status, authentication } as never);
      return maskedIdentity(created.responseBody);
    });
    await this.log({ kind: 'hub-identity-created', deviceId, hubHost, outcome: 'ok', detail: { authType: identity.authType, primaryKeyFingerprint: identity.primaryKeyFingerprint, via: 'devices' } });
    return identity;
  }

  async setStatus(hubHost: string, deviceId: string, status: 'enabled' | 'disabled'): Promise<DeviceIdentity> {
    return this.updateIdentity(hubHost, deviceId, `setting device ${deviceId} ${status}`, (device) => ({ ...device, status }));
  }

  async regenerateKeys(hubHost: string, deviceId: string, which: 'primary' | 'secondary' | 'both'): Promise<DeviceIdentity> {
    return this.updateIdentity(hubHost, deviceId, `regenerating the keys of ${deviceId}`, (device) => {
      const auth = device.authentication as { type?: string; symmetricKey?: { primaryKey?: string; secondaryKey?: string } } | undefined;
      if (auth?.type !== undefined && auth.type !== 'sas') throw new AppError('unsupported', `Device ${deviceId} authenticates with ${auth.type}, not symmetric keys`);
      const keys = { ...auth?.symmetricKey };
      if (which !== 'secondary') keys.primaryKey = generateSymmetricKey();
      if (which !== 'primary') keys.secondaryKey = generateSymmetricKey();
      return { ...device, authentication: { type: 'sas', symmetricKey: keys } } as Device;
    });
  }

  async delete(hubHost: string, deviceId: string): Promise<{ deleted: boolean }> {
    await this.run(`deleting device ${deviceId}`, hubHost, (clients) => clients.registry(hubHost).delete(deviceId));
    await this.log({ kind: 'device-deleted', deviceId, hubHost, outcome: 'ok', detail: { via: 'devices' } });
    return { deleted: true };
  }

  /** The operator asked to see the keys: they leave once, and the reveal is recorded by fingerprint. */
  async revealKeys(hubHost: string, deviceId: string): Promise<{ primaryKey: string; secondaryKey: string; connectionString: string }> {
    const device = await this.run(`reading the keys of ${deviceId}`, hubHost, async (clients) => (await clients.registry(hubHost).get(deviceId)).responseBody);
    const keys = (device.authentication as { symmetricKey?: { primaryKey?: string; secondaryKey?: string } } | undefined)?.symmetricKey;
    if (!keys?.primaryKey || !keys.secondaryKey) throw new AppError('unsupported', `Device ${deviceId} has no symmetric keys to show`);
    await this.log({ kind: 'keys-revealed', deviceId, hubHost, outcome: 'ok', detail: { primaryKeyFingerprint: keyFingerprint(keys.primaryKey), secondaryKeyFingerprint: keyFingerprint(keys.secondaryKey), via: 'devices' } });
    return { primaryKey: keys.primaryKey, secondaryKey: keys.secondaryKey, connectionString: `HostName=${hubHost};DeviceId=${deviceId};SharedAccessKey=${keys.primaryKey}` };
  }

  /**
   * Sends a tags/desired patch with the etag the edit started from. The service's limits are
   * checked first on what the twin would become, so an oversized patch never leaves; a stale etag
   * comes back as precondition_failed and the renderer shows what changed.
   */
  async patchTwin(hubHost: string, deviceId: string, etag: string, patch: TwinPatch): Promise<Record<string, unknown>> {
    if (patch.tags === undefined && patch.properties?.desired === undefined) throw new AppError('validation', 'The patch changes neither tags nor desired properties');
    const twin = await this.run(`patching the twin of ${deviceId}`, hubHost, async (clients) => {
      const registry = clients.registry(hubHost);
      const current = twinJson((await registry.getTwin(deviceId)).responseBody) as { tags?: unknown; properties?: { desired?: unknown } };
      const problems = twinPatchProblems(patch, current);
      if (problems.length > 0) {
        throw new AppError('validation', `The patch was not sent: ${problems.map((p) => p.message).join('; ')}`, problems.map((p) => ({ path: p.path, message: p.message, key: `devices.twinProblem.${p.key}`, params: p.params })));
      }
      return twinJson((await registry.updateTwin(deviceId, patch, etag)).responseBody);
    });
    const sections = [...(patch.tags ? ['tags'] : []), ...(patch.properties?.desired ? ['desired'] : [])];
    const names = [...Object.keys(patch.tags ?? {}).map((n) => `tags.${n}`), ...Object.keys(patch.properties?.desired ?? {}).map((n) => `desired.${n}`)];
    await this.log({ kind: 'twin-patched', deviceId, hubHost, outcome: 'ok', detail: { sections, names: names.slice(0, 50), version: (twin.properties as { desired?: { $version?: unknown } } | undefined)?.desired?.$version ?? null } });
    return twin;
  }

  async savedQueries() {
    return this.options.store.savedQueries(await this.options.profiles.activeId());
  }

  async saveQuery(name: string, query: string) {
    return this.options.store.saveQuery(await this.options.profiles.activeId(), name, query);
  }

  async deleteQuery(name: string) {
    return { deleted: this.options.store.deleteQuery(await this.options.profiles.activeId(), name) };
  }

  private async updateIdentity(hubHost: string, deviceId: string, what: string, change: (device: Device) => Device): Promise<DeviceIdentity> {
    return this.run(what, hubHost, async (clients) => {
      const registry = clients.registry(hubHost);
      const current = (await registry.get(deviceId)).responseBody;
      const updated = await registry.update(change(current) as never);
      return maskedIdentity(updated.responseBody);
    });
  }

  private run<T>(what: string, hubHost: string, call: (clients: AzureClientFactory) => Promise<T>): Promise<T> {
    return this.options.profiles.useActive(what, async (clients) => {
      try {
        return await call(clients);
      } catch (error) {
        throw hubError(error, hubHost, what);
      }
    }, hubHost);
  }

  private async log(event: Omit<EventInput, 'source'>): Promise<void> {
    this.options.eventLog.append(await this.options.profiles.activeId(), { ...event, source: 'console' });
  }
}
