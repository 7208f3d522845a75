import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DigitalTwinsClient, DigitalTwinsModelData } from '@azure/digital-twins-core';
import type {
  FunctionCall,
  FunctionsStatus,
  LabRequest,
  LabResult,
  RelationshipSummary,
  TwinsOverview,
  TwinSummary,
} from '../../../src-shared/contract/channels/digital-twins.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { SANDBOX_PROFILE_ID } from '../../../src-shared/domain/profile.ts';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import type { HubEventSource } from '../hub-events/hub-event-source.ts';
import type { ProfilesService } from '../profiles/profiles-service.ts';
import type { SandboxEndpointsProvider } from '../profiles/sandbox-endpoints.ts';
import type { ConsoleStore } from '../store/console-store.ts';
import { SEED_FUNCTIONS_DIR } from '../functions/function-runner.ts';
import type { FunctionsLauncher } from '../functions/functions-launcher.ts';
import { checkAllocationModuleFile, moduleLoadError } from './allocation-module.ts';
import { explainAdtError } from './adt-error.ts';
import { buildAllocationRequest, callAllocationFunction, parsePayload } from './allocation-lab.ts';
import { FunctionsManager } from './functions-manager.ts';
import { summarizeModel, summarizeTwin } from './twin-shapes.ts';
import { createEntraFallback } from './entra-fallback.ts';

const OVERVIEW_TWINS = 500;
export const seedModelFiles = ['SpaceModel.json', 'ThermostatModel.json'];

export interface DigitalTwinsServiceOptions {
  profiles: ProfilesService;
  store: ConsoleStore;
  sandboxEndpoints: SandboxEndpointsProvider;
  /** The hub event reader (devices area); until it exists the telemetry/lifecycle functions idle. */
  hubEvents?: () => HubEventSource | undefined;
  /** How the shell starts the function host child (the Electron shell: a utility process). */
  functionsLauncher?: FunctionsLauncher;
  /** The seed's Functions project (lib modules, models); default: assets/functions in the source tree. */
  functionsDir?: string;
}

/** The digital-twins area: ADT models, twins and graph on the active profile, the seed's functions, the Allocation lab. */
export class DigitalTwinsService {
  readonly functions: FunctionsManager;
  private readonly options: DigitalTwinsServiceOptions;
  private readonly functionsDir: string;

  constructor(options: DigitalTwinsServiceOptions) {
    this.options = options;
    this.functionsDir = options.functionsDir ?? SEED_FUNCTIONS_DIR;
    options.store.register({
      area: 'digital-twins',
      steps: [
        'CREATE TABLE twins_endpoint (id INTEGER PRIMARY KEY CHECK (id = 1), url TEXT NOT NULL)',
        // The operator's own allocation module (sandbox profile), run by the function host beside the seed's.
        'CREATE TABLE twins_allocation_module (id INTEGER PRIMARY KEY CHECK (id = 1), path TEXT NOT NULL)',
      ],
    });
    this.functions = new FunctionsManager(
      () => options.hubEvents?.(),
      async (hubHost, deviceId) => {
        const twin = await options.profiles.useActive('read device tags for dtId', (clients) => clients.registry(hubHost).getTwin(deviceId), hubHost);
        return (twin.responseBody as { tags?: { dtId?: string } }).tags?.dtId;
      },
      { launcher: options.functionsLauncher, libDir: join(this.functionsDir, 'src', 'lib') },
    );
  }

  private async endpoint(profileId: string): Promise<string | null> {
    if (profileId === SANDBOX_PROFILE_ID) return (await this.options.sandboxEndpoints())?.digitalTwins?.url ?? null;
    const row = this.options.store.forProfile(profileId).db.prepare('SELECT url FROM twins_endpoint WHERE id = 1').get() as { url: string } | undefined;
    return row?.url ?? null;
  }

  async setEndpoint(url: string): Promise<{ endpoint: string }> {
    const id = await this.options.profiles.activeId();
    if (id === SANDBOX_PROFILE_ID) throw new AppError('unsupported', 'The sandbox serves its own Azure Digital Twins; its endpoint cannot be changed');
    this.options.store.forProfile(id).db.prepare('INSERT INTO twins_endpoint (id, url) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET url = excluded.url').run(url);
    return { endpoint: url };
  }

  /**
   * Runs `fn` with an ADT client for the active profile, its errors in the service's own words.
   * Changes go to the profile usage log (the timeline); the live view's polling reads do not.
   */
  private async withTwins<T>(what: string, fn: (twins: DigitalTwinsClient, clients: AzureClientFactory) => Promise<T>, logUse = true): Promise<T> {
    const id = await this.options.profiles.activeId();
    const url = await this.endpoint(id);
    const run = async (clients: AzureClientFactory) => {
      const twins = clients.digitalTwins(url ?? undefined, createEntraFallback);
      try {
        return await fn(twins, clients);
      } catch (error) {
        throw explainAdtError(error, what);
      }
    };
    return logUse ? this.options.profiles.useActive(what, run) : run(await this.options.profiles.clientsFor(id));
  }

  async overview(): Promise<TwinsOverview> {
    const id = await this.options.profiles.activeId();
    const endpoint = await this.endpoint(id);
    const profileKind = id === SANDBOX_PROFILE_ID ? 'sandbox' : 'azure';
    if (!endpoint) return { profileKind, endpoint: null, models: [], twins: [], truncated: false, relationships: [] };
    return this.withTwins('read Azure Digital Twins', async (twins) => {
      const models: DigitalTwinsModelData[] = [];
      for await (const model of twins.listModels(undefined, true)) models.push(model);
      const byId = new Map(models.map((model) => [model.id, model]));
      const list: TwinSummary[] = [];
      let truncated = false;
      for await (const twin of twins.queryTwins('SELECT * FROM digitaltwins')) {
        if (list.length >= OVERVIEW_TWINS) {
          truncated = true;
          break;
        }
        list.push(summarizeTwin(twin as Record<string, unknown>));
      }
      const relationships: RelationshipSummary[] = [];
      for await (const item of twins.queryTwins('SELECT * FROM relationships')) {
        const r = item as { $relationshipId: string; $sourceId: string; $targetId: string; $relationshipName: string };
        relationships.push({ id: r.$relationshipId, source: r.$sourceId, target: r.$targetId, name: r.$relationshipName });
      }
      return { profileKind, endpoint, models: models.map((model) => summarizeModel(model, byId)), twins: list, truncated, relationships };
    }, false);
  }

  uploadSeedModels(): Promise<{ uploaded: string[]; existing: string[] }> {
    return this.uploadModels(seedModelFiles.map((file) => JSON.parse(readFileSync(join(this.functionsDir, 'models', file), 'utf8')) as Record<string, unknown>));
  }

  async uploadModelsText(json: string): Promise<{ uploaded: string[]; existing: string[] }> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new AppError('validation', 'The models are not valid JSON', [{ path: 'json', message: (error as Error).message }]);
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    if (!list.every((item) => typeof item === 'object' && item !== null && typeof (item as { '@id'?: unknown })['@id'] === 'string')) {
      throw new AppError('validation', 'Each model must be a DTDL interface object with an @id', [{ path: 'json', message: 'Missing @id' }]);
    }
    return this.uploadModels(list as Record<string, unknown>[]);
  }

  /** Uploads those not yet present, in one batch (so models that reference each other go together). */
  private uploadModels(models: Record<string, unknown>[]): Promise<{ uploaded: string[]; existing: string[] }> {
    return this.withTwins('upload models', async (twins) => {
      const existing: string[] = [];
      for await (const model of twins.listModels()) existing.push(model.id);
      const fresh = models.filter((model) => !existing.includes(model['@id'] as string));
      if (fresh.length > 0) await twins.createModels(fresh);
      return { uploaded: fresh.map((model) => model['@id'] as string), existing: models.map((m) => m['@id'] as string).filter((id) => existing.includes(id)) };
    });
  }

  createTwin(dtId: string, modelId: string, properties: Record<string, string | number | boolean>): Promise<TwinSummary> {
    return this.withTwins(`create twin ${dtId}`, async (twins) => {
      const created = await twins.upsertDigitalTwin(dtId, JSON.stringify({ $metadata: { $model: modelId }, ...properties }), { ifNoneMatch: '*' });
      return summarizeTwin(created.body as Record<string, unknown>);
    });
  }

  createRelationship(sourceId: string, targetId: string, name: string): Promise<RelationshipSummary> {
    const id = `${name}-${targetId}`;
    return this.withTwins(`link ${sourceId} to ${targetId}`, async (twins) => {
      await twins.upsertRelationship(sourceId, id, { $targetId: targetId, $relationshipName: name });
      return { id, source: sourceId, target: targetId, name };
    });
  }

  deleteTwin(dtId: string): Promise<{ deleted: string }> {
    return this.withTwins(`delete twin ${dtId}`, async (twins) => {
      for await (const r of twins.listRelationships(dtId)) await twins.deleteRelationship(dtId, (r as { $relationshipId: string }).$relationshipId);
      for await (const r of twins.listIncomingRelationships(dtId)) await twins.deleteRelationship(r.sourceId as string, r.relationshipId as string);
      await twins.deleteDigitalTwin(dtId);
      return { deleted: dtId };
    });
  }

  /** Sandbox profiles: the function host for the running sandbox (started on demand), with the operator's module if one is set. */
  startFunctions(): Promise<FunctionsStatus> {
    return this.startFunctionsWith(this.allocationModule() ?? undefined, false);
  }

  private async startFunctionsWith(customAllocationModule: string | undefined, reload: boolean): Promise<FunctionsStatus> {
    if ((await this.options.profiles.activeId()) !== SANDBOX_PROFILE_ID) return { ...this.functions.status(), state: 'unsupported' };
    const info = await this.options.sandboxEndpoints();
    if (!info?.digitalTwins) throw new AppError('unavailable', 'The sandbox is not running, or is too old to serve Azure Digital Twins; restart it from the Sandbox page');
    const target = {
      digitalTwinsUrl: info.digitalTwins.url,
      accessToken: info.digitalTwins.accessToken,
      caCertificatePath: info.caCertificatePath,
      hubHosts: info.hubs.map((hub) => hub.hostName),
      ...(customAllocationModule ? { customAllocationModule } : {}),
    };
    return this.functions.start(target, reload);
  }

  /** The operator's allocation module kept for the sandbox profile, if any. */
  private allocationModule(): string | null {
    const row = this.options.store.forProfile(SANDBOX_PROFILE_ID).db.prepare('SELECT path FROM twins_allocation_module WHERE id = 1').get() as { path: string } | undefined;
    return row?.path ?? null;
  }

  /**
   * Sets (or, with null, clears) the operator's allocation module for the sandbox profile. It is kept
   * only once the function host has loaded it and found `allocate`; until then the previous one stays.
   * Setting the same path again reloads the file (a new host process).
   */
  async setAllocationModule(path: string | null): Promise<FunctionsStatus> {
    if ((await this.options.profiles.activeId()) !== SANDBOX_PROFILE_ID) throw new AppError('unsupported', 'Your own allocation module runs in the console for the sandbox profile only; for Azure, deploy it and test its URL');
    const db = this.options.store.forProfile(SANDBOX_PROFILE_ID).db;
    if (path === null) {
      db.prepare('DELETE FROM twins_allocation_module WHERE id = 1').run();
      // A sandbox that cannot run has no host to restart: the next start goes without the module.
      if (!(await this.options.sandboxEndpoints())?.digitalTwins) return this.functionsStatus();
      return this.startFunctionsWith(undefined, true);
    }
    const file = await checkAllocationModuleFile(path);
    const status = await this.startFunctionsWith(file, true);
    if (status.state !== 'running') throw new AppError('unavailable', `The function host did not start: ${status.lastError ?? 'unknown'}`);
    if (status.allocationModuleError || !status.customAllocationUrl) {
      // Back to what was kept, so the seed's webhook and the previous module keep serving.
      await this.startFunctionsWith(this.allocationModule() ?? undefined, true);
      throw moduleLoadError(file, status.allocationModuleError ?? 'the host did not serve it');
    }
    db.prepare('INSERT INTO twins_allocation_module (id, path) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET path = excluded.path').run(file);
    return status;
  }

  async functionsStatus(): Promise<FunctionsStatus> {
    if ((await this.options.profiles.activeId()) !== SANDBOX_PROFILE_ID) return { ...this.functions.status(), state: 'unsupported' };
    return this.functions.status();
  }

  functionCalls(limit: number): FunctionCall[] {
    return this.functions.recentCalls(limit);
  }

  /** Builds a registration request from an enrollment and a payload, sends it to the function, and reads its answer. */
  async runLab(input: LabRequest): Promise<LabResult> {
    const payload = parsePayload(input.payload);
    const { enrollment, hubs } = await this.options.profiles.useActive('read the enrollment for the Allocation lab', async (clients) => {
      const service = clients.provisioningService();
      const read = input.enrollment.kind === 'group' ? service.getEnrollmentGroup(input.enrollment.id) : service.getIndividualEnrollment(input.enrollment.id);
      const found = await read.catch(() => {
        throw new AppError('not_found', `No ${input.enrollment.kind === 'group' ? 'enrollment group' : 'individual enrollment'} "${input.enrollment.id}"`, [{ path: 'enrollment.id', message: 'Not found' }]);
      });
      return { enrollment: found.responseBody as unknown as Record<string, unknown>, hubs: clients.hubHosts() };
    });
    const request = buildAllocationRequest(enrollment, input.enrollment.kind, input.registrationId, payload, hubs);
    let url: string;
    if (input.target.kind === 'url') url = input.target.url;
    else if (input.target.kind === 'module') url = await this.allocationModuleUrl();
    else {
      const status = await this.startFunctions();
      if (!status.allocationUrl) throw new AppError('unavailable', status.state === 'unsupported' ? 'The seed function runs in the console for the sandbox only; give your deployed function URL' : `The function host is not running: ${status.lastError ?? 'unknown'}`);
      url = status.allocationUrl;
    }
    return callAllocationFunction(url, request);
  }

  private async allocationModuleUrl(): Promise<string> {
    const status = await this.startFunctions();
    if (status.state === 'unsupported') throw new AppError('unsupported', 'Your own module runs in the console for the sandbox only; give your deployed function URL');
    if (!status.allocationModule) throw new AppError('validation', 'No allocation module is set: give its path first', [{ path: 'target', message: 'No module set' }]);
    if (!status.customAllocationUrl) throw new AppError('unavailable', `Your module is not served: ${status.allocationModuleError ?? status.lastError ?? 'the function host is not running'}`);
    return status.customAllocationUrl;
  }

  dispose(): Promise<void> {
    return this.functions.stop();
  }
}
