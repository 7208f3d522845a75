import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/identity';
import type { ConnectionTestResult, ProfileDetails, ProfileInput, ProfileSummary } from '../../../src-shared/contract/channels/profiles.ts';
import { AppError, type ErrorDetail } from '../../../src-shared/contract/result.ts';
import { SANDBOX_PROFILE_ID, type AzureProfileRecord } from '../../../src-shared/domain/profile.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { AzureClientFactory } from '../azure/client-factory.ts';
import type { VaultService } from '../vault/vault-service.ts';
import { AtomicJsonFile } from './atomic-json-file.ts';
import { testConnections } from './connection-test.ts';
import { createEntraCredential } from './entra-credential.ts';
import { checkProfileInput } from './profile-input.ts';
import { azureTarget, requiredSlots, sandboxTarget } from './profile-targets.ts';
import { exportProfiles, parseProfileExport, recordsFromExport } from './profile-transfer.ts';
import type { ProfileUsageLog } from './profile-usage-log.ts';
import type { SandboxEndpointsProvider } from './sandbox-endpoints.ts';

interface ProfilesFile {
  version: 1;
  activeId: string;
  profiles: AzureProfileRecord[];
}

export interface ProfilesServiceOptions {
  dataDir: string;
  vault: VaultService;
  usage: ProfileUsageLog;
  events?: EventBus;
  /** Where the Sandbox profile's endpoints come from; the sandbox supervisor plugs in here. */
  sandboxEndpoints?: SandboxEndpointsProvider;
  /** Per-request limit for SDK calls made through this service's clients. */
  timeoutMs?: number;
}

const SANDBOX_NAME = 'Sandbox';

/**
 * Connection profiles: the built-in Sandbox plus the operator's Azure profiles, which one is
 * active, and the SDK clients for it. Records (no secrets) live in profiles.json, secrets in the vault.
 */
export class ProfilesService {
  private readonly file: AtomicJsonFile<ProfilesFile>;
  private readonly options: ProfilesServiceOptions;
  private readonly sandboxEndpoints: SandboxEndpointsProvider;
  private readonly credentials = new Map<string, TokenCredential>();
  private state: ProfilesFile | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ProfilesServiceOptions) {
    this.options = options;
    this.file = new AtomicJsonFile(join(options.dataDir, 'profiles.json'));
    this.sandboxEndpoints = options.sandboxEndpoints ?? (async () => null);
  }

  async list(): Promise<{ activeId: string; profiles: ProfileSummary[] }> {
    const state = await this.load();
    return { activeId: state.activeId, profiles: [await this.sandboxSummary(), ...state.profiles.map(summarize)] };
  }

  activate(id: string): Promise<ProfileSummary> {
    return this.serially(() => this.activateNow(id));
  }

  private async activateNow(id: string): Promise<ProfileSummary> {
    const state = await this.load();
    const summary = id === SANDBOX_PROFILE_ID ? await this.sandboxSummary() : summarize(this.record(state, id));
    if (state.activeId !== id) {
      await this.save({ ...state, activeId: id });
      this.changed(id);
    }
    return summary;
  }

  async activeId(): Promise<string> {
    return (await this.load()).activeId;
  }

  async get(id: string, warnings: ErrorDetail[] = []): Promise<ProfileDetails> {
    const state = await this.load();
    if (id === SANDBOX_PROFILE_ID) {
      const info = await this.sandboxEndpoints().catch(() => null);
      return { summary: await this.sandboxSummary(), azure: null, sandboxRunning: info !== null, missingSecrets: [], warnings };
    }
    const record = this.record(state, id);
    const missingSecrets: string[] = [];
    for (const slot of requiredSlots(record)) if (!(await this.options.vault.has(`${id}:${slot}`))) missingSecrets.push(slot);
    return { summary: summarize(record), azure: record, sandboxRunning: null, missingSecrets, warnings };
  }

  create(input: ProfileInput): Promise<ProfileDetails> {
    return this.serially(() => this.createNow(input));
  }

  private async createNow(input: ProfileInput): Promise<ProfileDetails> {
    const state = await this.load();
    const checked = checkProfileInput(input, null);
    this.requireUniqueName(state, checked.fields.name, null);
    const now = new Date().toISOString();
    const record: AzureProfileRecord = { id: randomUUID(), ...checked.fields, createdAt: now, updatedAt: now };
    for (const [slot, secret] of checked.secrets) await this.options.vault.put(`${record.id}:${slot}`, secret);
    await this.save({ ...state, profiles: [...state.profiles, record] });
    this.changed(state.activeId);
    return this.get(record.id, checked.warnings);
  }

  update(id: string, input: ProfileInput): Promise<ProfileDetails> {
    return this.serially(() => this.updateNow(id, input));
  }

  private async updateNow(id: string, input: ProfileInput): Promise<ProfileDetails> {
    const state = await this.load();
    const existing = this.record(state, id);
    const stored = new Set<string>();
    for (const slot of requiredSlots(existing)) if (await this.options.vault.has(`${id}:${slot}`)) stored.add(slot);
    const checked = checkProfileInput(input, existing, stored);
    this.requireUniqueName(state, checked.fields.name, id);
    const record: AzureProfileRecord = { ...existing, ...checked.fields, updatedAt: new Date().toISOString() };
    for (const [slot, secret] of checked.secrets) await this.options.vault.put(`${id}:${slot}`, secret);
    for (const slot of checked.dropped) await this.options.vault.remove(`${id}:${slot}`);
    const kept = new Set(requiredSlots(record));
    for (const slot of requiredSlots(existing)) if (!kept.has(slot)) await this.options.vault.remove(`${id}:${slot}`);
    this.credentials.delete(id);
    await this.save({ ...state, profiles: state.profiles.map((p) => (p.id === id ? record : p)) });
    this.changed(state.activeId);
    return this.get(id, checked.warnings);
  }

  rename(id: string, name: string): Promise<ProfileSummary> {
    return this.serially(() => this.renameNow(id, name));
  }

  private async renameNow(id: string, name: string): Promise<ProfileSummary> {
    if (id === SANDBOX_PROFILE_ID) throw new AppError('unsupported', 'The built-in Sandbox profile cannot be renamed', [{ path: 'id', message: 'Built-in profile' }]);
    const state = await this.load();
    const record = this.record(state, id);
    const trimmed = name.trim();
    this.requireUniqueName(state, trimmed, id);
    const renamed = { ...record, name: trimmed, updatedAt: new Date().toISOString() };
    await this.save({ ...state, profiles: state.profiles.map((p) => (p.id === id ? renamed : p)) });
    this.changed(state.activeId);
    return summarize(renamed);
  }

  delete(id: string): Promise<{ activeId: string }> {
    return this.serially(() => this.deleteNow(id));
  }

  private async deleteNow(id: string): Promise<{ activeId: string }> {
    if (id === SANDBOX_PROFILE_ID) {
      throw new AppError('unsupported', 'The built-in Sandbox profile cannot be deleted; reset the sandbox instead', [{ path: 'id', message: 'Built-in profile' }]);
    }
    const state = await this.load();
    this.record(state, id);
    const activeId = state.activeId === id ? SANDBOX_PROFILE_ID : state.activeId;
    await this.save({ ...state, activeId, profiles: state.profiles.filter((p) => p.id !== id) });
    await this.options.vault.removePrefix(`${id}:`);
    this.credentials.delete(id);
    this.changed(activeId);
    return { activeId };
  }

  async testConnection(id: string): Promise<ConnectionTestResult[]> {
    const factory = await this.clientsFor(id);
    const results = await testConnections(factory);
    for (const r of results) {
      await this.recordUse(id, { operation: `test connection (${r.endpoint})`, host: r.host, outcome: r.ok ? 'ok' : 'error', errorCode: r.code, durationMs: r.durationMs });
    }
    return results;
  }

  async exportProfiles(ids?: string[]): Promise<{ fileName: string; json: string }> {
    const state = await this.load();
    const records = ids ? ids.filter((id) => id !== SANDBOX_PROFILE_ID).map((id) => this.record(state, id)) : state.profiles;
    return { fileName: `provisioning-bench-profiles-${new Date().toISOString().slice(0, 10)}.json`, json: exportProfiles(records) };
  }

  importProfiles(json: string): Promise<{ imported: ProfileSummary[] }> {
    return this.serially(() => this.importProfilesNow(json));
  }

  private async importProfilesNow(json: string): Promise<{ imported: ProfileSummary[] }> {
    const incoming = parseProfileExport(json);
    const state = await this.load();
    const added = recordsFromExport(incoming, [SANDBOX_NAME, ...state.profiles.map((p) => p.name)]);
    await this.save({ ...state, profiles: [...state.profiles, ...added] });
    this.changed(state.activeId);
    return { imported: added.map(summarize) };
  }

  /**
   * SDK clients for the active profile. Other services call this (or `useActive`) and never see
   * how the sandbox and Azure differ. Throws a readable AppError when a secret is missing or the
   * sandbox is not running.
   */
  async activeClients(): Promise<AzureClientFactory> {
    return this.clientsFor(await this.activeId());
  }

  async clientsFor(id: string): Promise<AzureClientFactory> {
    const state = await this.load();
    const clientOptions = this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {};
    if (id === SANDBOX_PROFILE_ID) {
      const info = await this.sandboxEndpoints();
      if (!info) throw new AppError('unavailable', 'The sandbox is not running; start it from the Sandbox page');
      return new AzureClientFactory(await sandboxTarget(info), clientOptions);
    }
    const record = this.record(state, id);
    return new AzureClientFactory(await azureTarget(record, this.options.vault, () => this.credential(record)), clientOptions);
  }

  /**
   * Runs one operation with the active profile's clients and writes it to the usage log, so the
   * timeline can say which environment an action went to. Errors pass through unchanged.
   */
  async useActive<T>(operation: string, run: (clients: AzureClientFactory) => Promise<T>, host?: string): Promise<T> {
    const id = await this.activeId();
    const started = performance.now();
    try {
      const result = await run(await this.clientsFor(id));
      await this.recordUse(id, { operation, host: host ?? null, outcome: 'ok', durationMs: Math.round(performance.now() - started) });
      return result;
    } catch (error) {
      const code = error instanceof AppError ? error.code : ((error as { name?: string })?.name ?? 'error');
      await this.recordUse(id, { operation, host: host ?? null, outcome: 'error', errorCode: code, durationMs: Math.round(performance.now() - started) });
      throw error;
    }
  }

  usageLog(limit?: number) {
    return this.options.usage.recent(limit);
  }

  /** Writes one line to the profile usage log for the given profile (names and hosts only). */
  async recordUse(id: string, entry: { operation: string; host?: string | null; outcome: 'ok' | 'error'; errorCode?: string | null; durationMs?: number | null }): Promise<void> {
    const state = await this.load();
    const record = state.profiles.find((p) => p.id === id);
    await this.options.usage.record({ profileId: id, profileName: record?.name ?? SANDBOX_NAME, kind: record ? 'azure' : 'sandbox', ...entry });
  }

  /** Mutations run one at a time: each reads the state the previous one saved (a double click must not lose a profile). */
  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async credential(record: AzureProfileRecord): Promise<TokenCredential> {
    let credential = this.credentials.get(record.id);
    if (!credential) {
      credential = await createEntraCredential(record.entra!, (message) => this.options.events?.emit('app:notice', { level: 'info', message }));
      this.credentials.set(record.id, credential);
    }
    return credential;
  }

  private record(state: ProfilesFile, id: string): AzureProfileRecord {
    const record = state.profiles.find((p) => p.id === id);
    if (!record) throw new AppError('not_found', `No profile with id "${id.slice(0, 100)}"`, [{ path: 'id', message: 'No such profile' }]);
    return record;
  }

  private requireUniqueName(state: ProfilesFile, name: string, selfId: string | null): void {
    const clash = name.toLowerCase() === SANDBOX_NAME.toLowerCase() || state.profiles.some((p) => p.id !== selfId && p.name.toLowerCase() === name.toLowerCase());
    if (clash) throw new AppError('conflict', `A profile named "${name}" already exists`, [{ path: 'name', message: 'Name already used' }]);
  }

  private changed(activeId: string): void {
    this.options.events?.emit('profiles:changed', { activeId });
  }

  private async sandboxSummary(): Promise<ProfileSummary> {
    const info = await this.sandboxEndpoints().catch(() => null);
    return { id: SANDBOX_PROFILE_ID, name: SANDBOX_NAME, kind: 'sandbox', dpsHost: info?.provisioningHost ?? null, hubHosts: info?.hubs.map((h) => h.hostName) ?? [] };
  }

  private async load(): Promise<ProfilesFile> {
    if (this.state) return this.state;
    const stored = await this.file.read().catch((error: unknown) => {
      throw new AppError('internal', `The profiles file ${this.file.path} cannot be read: ${(error as Error).message}`);
    });
    const profiles = stored?.profiles ?? [];
    const activeId = stored && (stored.activeId === SANDBOX_PROFILE_ID || profiles.some((p) => p.id === stored.activeId)) ? stored.activeId : SANDBOX_PROFILE_ID;
    this.state = { version: 1, activeId, profiles };
    return this.state;
  }

  private async save(next: ProfilesFile): Promise<void> {
    await this.file.write(next);
    this.state = next;
  }
}

function summarize(p: AzureProfileRecord): ProfileSummary {
  return { id: p.id, name: p.name, kind: 'azure', dpsHost: p.dps.host, hubHosts: p.hubs.map((h) => h.host) };
}
