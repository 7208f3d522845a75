import { join } from 'node:path';
import type { ProfileSummary } from '../../../src-shared/contract/channels/profiles.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { SANDBOX_PROFILE_ID, type AzureProfileRecord } from '../../../src-shared/domain/profile.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { AtomicJsonFile } from './atomic-json-file.ts';
import type { SandboxEndpointsProvider } from './sandbox-endpoints.ts';

interface ProfilesFile {
  version: 1;
  activeId: string;
  profiles: AzureProfileRecord[];
}

export interface ProfilesServiceOptions {
  dataDir: string;
  events?: EventBus;
  /** Where the Sandbox profile's endpoints come from; the sandbox supervisor plugs in here. */
  sandboxEndpoints?: SandboxEndpointsProvider;
}

const SANDBOX_NAME = 'Sandbox';

/** Connection profiles: the built-in Sandbox plus the operator's Azure profiles, and which one is active. */
export class ProfilesService {
  private readonly file: AtomicJsonFile<ProfilesFile>;
  private readonly events: EventBus | undefined;
  private readonly sandboxEndpoints: SandboxEndpointsProvider;
  private state: ProfilesFile | undefined;

  constructor(options: ProfilesServiceOptions) {
    this.file = new AtomicJsonFile(join(options.dataDir, 'profiles.json'));
    this.events = options.events;
    this.sandboxEndpoints = options.sandboxEndpoints ?? (async () => null);
  }

  async list(): Promise<{ activeId: string; profiles: ProfileSummary[] }> {
    const state = await this.load();
    const sandbox = await this.sandboxSummary();
    return { activeId: state.activeId, profiles: [sandbox, ...state.profiles.map(summarize)] };
  }

  async activate(id: string): Promise<ProfileSummary> {
    const state = await this.load();
    const summary = id === SANDBOX_PROFILE_ID ? await this.sandboxSummary() : summarizeOrNull(state.profiles.find((p) => p.id === id));
    if (!summary) throw new AppError('not_found', `No profile with id "${id}"`, [{ path: 'id', message: 'No such profile' }]);
    if (state.activeId !== id) {
      await this.save({ ...state, activeId: id });
      this.events?.emit('profiles:changed', { activeId: id });
    }
    return summary;
  }

  async activeId(): Promise<string> {
    return (await this.load()).activeId;
  }

  private async sandboxSummary(): Promise<ProfileSummary> {
    const info = await this.sandboxEndpoints().catch(() => null);
    return {
      id: SANDBOX_PROFILE_ID,
      name: SANDBOX_NAME,
      kind: 'sandbox',
      dpsHost: info?.provisioningHost ?? null,
      hubHosts: info?.hubs.map((h) => h.hostName) ?? [],
    };
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

function summarizeOrNull(p: AzureProfileRecord | undefined): ProfileSummary | null {
  return p ? summarize(p) : null;
}
