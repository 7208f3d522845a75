import type { Device } from 'azure-iothub';
import type { Task } from '../../../../src-shared/contract/channels/tasks.ts';
import { AppError } from '../../../../src-shared/contract/result.ts';
import { twinPatchProblems } from '../../../../src-shared/domain/twin-limits.ts';
import type { AzureClientFactory } from '../../azure/client-factory.ts';
import type { EventLog } from '../../event-log/event-log.ts';
import { generateSymmetricKey } from '../../keys/device-key.ts';
import type { Tasks, TaskContext } from '../../tasks/tasks.ts';
import type { ActiveProfiles } from '../devices-service.ts';
import type { DevicesStore } from '../devices-store.ts';
import { hubError } from '../hub-error.ts';
import { formatIdentities, parseIdentities, type IdentityRow } from './identity-files.ts';

export const BULK_TWIN_TASK = 'devices-bulk-twin';
export const IMPORT_TASK = 'devices-import';
/** The registry's bulk API takes at most 100 devices per call. */
const BULK_CHUNK = 100;
const PARALLEL = 8;
const MAX_EXPORT = 100_000;

export type BulkProfiles = ActiveProfiles & { clientsFor(profileId: string): Promise<AzureClientFactory> };

interface TwinInput {
  hubHost: string;
  deviceIds: string[];
  patch: { tags?: Record<string, unknown>; properties?: { desired: Record<string, unknown> } };
}
interface ImportInput {
  hubHost: string;
  rows: IdentityRow[];
}
type Cursor = { next: number; failed: number };

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (index < items.length) await work(items[index++]!);
  }));
}

const reason = (error: unknown) => (error instanceof AppError ? error.message : (error as Error)?.message ?? String(error)).slice(0, 300);

/**
 * Bulk work on identities as resumable tasks with per-row results: tag/desired updates over a
 * selection, identity import through the registry's bulk API (the hub makes the keys), and export
 * as CSV or JSON (keys only when the operator confirmed, recorded as keys-exported).
 */
export class DeviceBulkService {
  private readonly profiles: BulkProfiles;
  private readonly tasks: Tasks;
  private readonly store: DevicesStore;
  private readonly eventLog: EventLog;
  private readonly exportPageSize: number;

  /** `exportPageSize`: rows per query page of an export (the service's maximum, 1,000, unless a test wants several pages). */
  constructor(options: { profiles: BulkProfiles; tasks: Tasks; store: DevicesStore; eventLog: EventLog; exportPageSize?: number }) {
    this.exportPageSize = options.exportPageSize ?? 1000;
    this.profiles = options.profiles;
    this.tasks = options.tasks;
    this.store = options.store;
    this.eventLog = options.eventLog;
    this.tasks.define<TwinInput, Cursor>(BULK_TWIN_TASK, (input, ctx) => this.runTwin(input, ctx));
    this.tasks.define<ImportInput, Cursor>(IMPORT_TASK, (input, ctx) => this.runImport(input, ctx));
  }

  async startTwinUpdate(input: TwinInput): Promise<Task> {
    const problems = twinPatchProblems(input.patch);
    if (problems.length > 0) throw new AppError('validation', `The patch was not sent: ${problems.map((p) => p.message).join('; ')}`, problems.map((p) => ({ path: `patch.${p.path}`, message: p.message })));
    if (!input.patch.tags && !input.patch.properties) throw new AppError('validation', 'The patch changes neither tags nor desired properties', [{ path: 'patch', message: 'empty' }]);
    const profileId = await this.profiles.activeId();
    return this.tasks.start(profileId, BULK_TWIN_TASK, `Update ${input.deviceIds.length} twins on ${input.hubHost}`, { ...input, deviceIds: [...new Set(input.deviceIds)] });
  }

  async startImport(hubHost: string, format: 'csv' | 'json', text: string): Promise<Task> {
    const rows = parseIdentities(format, text);
    if (rows.length === 0) throw new AppError('validation', 'The file holds no devices');
    const profileId = await this.profiles.activeId();
    return this.tasks.start(profileId, IMPORT_TASK, `Import ${rows.length} identities into ${hubHost}`, { hubHost, rows });
  }

  async results(taskId: string, limit: number) {
    return this.store.bulkResults(await this.profiles.activeId(), taskId, limit);
  }

  /** Every device a query matches (up to 100,000), as a file; keys only when asked and confirmed. */
  async export(hubHost: string, format: 'csv' | 'json', query: string, includeKeys: boolean): Promise<{ fileName: string; text: string; count: number }> {
    const profileId = await this.profiles.activeId();
    const rows = await this.profiles.useActive('exporting identities', async (clients) => {
      try {
        const registry = clients.registry(hubHost);
        const q = registry.createQuery(query, this.exportPageSize);
        const out: IdentityRow[] = [];
        do {
          // next() without an argument asks for the first page again: the SDK keeps the token but does not send it.
          const page = await (q.continuationToken ? q.next(q.continuationToken) : q.next());
          for (const twin of (page.result ?? []) as Array<Record<string, unknown>>) {
            if (typeof twin.deviceId !== 'string') continue;
            const x509 = (twin.x509Thumbprint ?? {}) as { primaryThumbprint?: string; secondaryThumbprint?: string };
            const auth = twin.authenticationType === 'selfSigned' || twin.authenticationType === 'certificateAuthority' ? twin.authenticationType : 'sas';
            const row: IdentityRow = { deviceId: twin.deviceId, status: twin.status === 'disabled' ? 'disabled' : 'enabled', authType: auth };
            if (x509.primaryThumbprint) row.primaryThumbprint = x509.primaryThumbprint;
            if (x509.secondaryThumbprint) row.secondaryThumbprint = x509.secondaryThumbprint;
            if (twin.tags && typeof twin.tags === 'object' && Object.keys(twin.tags).length > 0) row.tags = twin.tags as Record<string, unknown>;
            out.push(row);
          }
        } while (q.hasMoreResults && out.length < MAX_EXPORT);
        if (includeKeys) {
          await inParallel(out.filter((r) => r.authType === 'sas'), PARALLEL * 2, async (row) => {
            const keys = ((await registry.get(row.deviceId)).responseBody.authentication as { symmetricKey?: { primaryKey?: string; secondaryKey?: string } } | undefined)?.symmetricKey;
            if (keys?.primaryKey) row.primaryKey = keys.primaryKey;
            if (keys?.secondaryKey) row.secondaryKey = keys.secondaryKey;
          });
        }
        return out;
      } catch (error) {
        throw hubError(error, hubHost, 'exporting identities');
      }
    }, hubHost);
    if (includeKeys) this.eventLog.append(profileId, { kind: 'keys-exported', source: 'console', hubHost, outcome: 'ok', detail: { devices: rows.length, format, query: query.slice(0, 300) } });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return { fileName: `devices-${stamp}${includeKeys ? '-with-keys' : ''}.${format}`, text: formatIdentities(format, rows, includeKeys), count: rows.length };
  }

  private async runTwin(input: TwinInput, ctx: TaskContext<Cursor>) {
    const clients = await this.profiles.clientsFor(ctx.profileId);
    const registry = clients.registry(input.hubHost);
    let { next, failed } = ctx.resumeFrom ?? { next: 0, failed: 0 };
    while (next < input.deviceIds.length && !ctx.signal.aborted) {
      const chunk = input.deviceIds.slice(next, next + BULK_CHUNK);
      const outcomes: { deviceId: string; outcome: 'ok' | 'failed'; message: string | null }[] = [];
      await inParallel(chunk, PARALLEL, async (deviceId) => {
        try {
          await registry.updateTwin(deviceId, input.patch, '*');
          outcomes.push({ deviceId, outcome: 'ok', message: null });
        } catch (error) {
          outcomes.push({ deviceId, outcome: 'failed', message: reason(hubError(error, input.hubHost, `updating the twin of ${deviceId}`)) });
        }
      });
      this.store.recordBulk(ctx.profileId, ctx.jobId, outcomes);
      failed += outcomes.filter((o) => o.outcome === 'failed').length;
      next += chunk.length;
      ctx.checkpoint({ next, failed }, { done: next - failed, failed, total: input.deviceIds.length });
    }
    this.eventLog.appendMany(ctx.profileId, [{ kind: 'twin-patched', source: 'console', hubHost: input.hubHost, outcome: failed === 0 ? 'ok' : 'failed', detail: { bulk: true, devices: input.deviceIds.length, failed, task: ctx.jobId } }]);
    return { devices: input.deviceIds.length, failed };
  }

  private async runImport(input: ImportInput, ctx: TaskContext<Cursor>) {
    const clients = await this.profiles.clientsFor(ctx.profileId);
    const registry = clients.registry(input.hubHost);
    let { next, failed } = ctx.resumeFrom ?? { next: 0, failed: 0 };
    let firstAfterResume = ctx.resumeFrom !== undefined;
    while (next < input.rows.length && !ctx.signal.aborted) {
      const chunk = input.rows.slice(next, next + BULK_CHUNK);
      const devices = chunk.map((row) => ({
        deviceId: row.deviceId,
        status: row.status,
        authentication:
          row.authType === 'sas'
            ? { type: 'sas', symmetricKey: { primaryKey: generateSymmetricKey(), secondaryKey: generateSymmetricKey() } }
            : row.authType === 'selfSigned'
              ? { type: 'selfSigned', x509Thumbprint: { primaryThumbprint: row.primaryThumbprint, secondaryThumbprint: row.secondaryThumbprint ?? row.primaryThumbprint } }
              : { type: 'certificateAuthority' },
      })) as unknown as Device[];
      const errors = new Map<string, string>();
      try {
        const result = (await registry.addDevices(devices)).responseBody as unknown as { errors?: Array<{ deviceId: string; errorCode?: string; errorStatus?: string }> };
        for (const e of result.errors ?? []) errors.set(e.deviceId, `${e.errorCode ?? ''} ${e.errorStatus ?? ''}`.trim());
      } catch (error) {
        const text = reason(hubError(error, input.hubHost, 'importing identities'));
        for (const row of chunk) errors.set(row.deviceId, text);
      }
      // The first chunk after a resume may have reached the hub before the interruption: its rows being there is no failure.
      if (firstAfterResume) for (const [id, text] of errors) if (/AlreadyExists/i.test(text)) errors.delete(id);
      firstAfterResume = false;
      await inParallel(chunk.filter((row) => row.tags && !errors.has(row.deviceId)), PARALLEL, async (row) => {
        try {
          await registry.updateTwin(row.deviceId, { tags: row.tags }, '*');
        } catch (error) {
          errors.set(row.deviceId, `created; tags not set: ${reason(hubError(error, input.hubHost, 'setting tags'))}`);
        }
      });
      this.store.recordBulk(ctx.profileId, ctx.jobId, chunk.map((row) => ({ deviceId: row.deviceId, outcome: errors.has(row.deviceId) ? 'failed' : 'ok', message: errors.get(row.deviceId) ?? null })));
      const created = chunk.filter((row) => !errors.has(row.deviceId));
      if (created.length > 0) this.eventLog.appendMany(ctx.profileId, created.map((row) => ({ kind: 'hub-identity-created' as const, source: 'console' as const, deviceId: row.deviceId, hubHost: input.hubHost, outcome: 'ok' as const, detail: { authType: row.authType, via: 'import', task: ctx.jobId } })));
      failed += errors.size;
      next += chunk.length;
      ctx.checkpoint({ next, failed }, { done: next - failed, failed, total: input.rows.length });
    }
    return { devices: input.rows.length, failed };
  }
}
