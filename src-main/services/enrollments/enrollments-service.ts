import type { EnrollmentInput, EnrollmentKind, EnrollmentView } from '../../../src-shared/domain/enrollment.ts';
import type { EventBus } from '../../events/event-bus.ts';
import type { EventLog } from '../event-log/event-log.ts';
import type { ProfilesService } from '../profiles/profiles-service.ts';
import type { ConsoleStore } from '../store/console-store.ts';
import type { Tasks } from '../tasks/tasks.ts';
import { profilesDpsAccess, type DpsAccess } from './dps-access.ts';
import { bulkChange, deleteEnrollment, getEnrollment, saveEnrollment, type AreaContext } from './enrollment-crud.ts';
import { EnrollmentIndex, type IndexQuery } from './enrollment-index.ts';
import { IndexSync, type SyncProgress } from './index-sync.ts';
import { ImportService } from './import/import-service.ts';
import { KeyDelivery } from './key-delivery.ts';
import { Registrations } from './registrations.ts';
import { DpsOverview } from './dps-overview.ts';

export interface EnrollmentsServiceOptions {
  store: ConsoleStore;
  eventLog: EventLog;
  tasks: Tasks;
  events?: EventBus;
  /** How the DPS is reached; defaults to the profiles service's client factory. */
  access?: DpsAccess;
  profiles?: ProfilesService;
}

/**
 * The Enrollments area: the local index and its background sync, create/edit/delete with stale-etag
 * conflicts, bulk status changes, CSV import as a resumable task, key delivery, registration
 * states and the DPS overview. Everything runs on the active profile unless a profile id is given.
 */
export class EnrollmentsService {
  readonly index: EnrollmentIndex;
  readonly sync: IndexSync;
  readonly imports: ImportService;
  readonly keys: KeyDelivery;
  readonly registrations: Registrations;
  readonly overview: DpsOverview;
  private readonly ctx: AreaContext;

  constructor(options: EnrollmentsServiceOptions) {
    this.index = new EnrollmentIndex(options.store);
    const access = options.access ?? profilesDpsAccess(options.profiles!, (id, ops) => this.index.countOps(id, ops));
    this.ctx = { access, index: this.index, eventLog: options.eventLog };
    this.sync = new IndexSync(this.index, access, (progress) => options.events?.emit('enrollments:index', progressEvent(progress)));
    this.imports = new ImportService(this.ctx, options.tasks, options.store);
    this.keys = new KeyDelivery(this.ctx);
    this.registrations = new Registrations(this.ctx);
    this.overview = new DpsOverview(this.ctx);
  }

  profileId(): Promise<string> {
    return this.ctx.access.activeProfileId();
  }

  /**
   * A page of the table from the index. An index never filled waits for the first DPS page (the
   * rest fills in the background); otherwise the answer comes from the index at once.
   */
  async list(query: IndexQuery, profileId?: string) {
    const id = profileId ?? (await this.profileId());
    const sync = this.index.sync(id, query.kind);
    if (sync.state !== 'complete' && !this.sync.isRunning(id, query.kind)) {
      const first = this.sync.firstPage(id, query.kind);
      if (sync.state === 'empty') await first;
    }
    return { ...this.index.query(id, query), freshness: this.freshness(id, query.kind) };
  }

  freshness(profileId: string, kind: EnrollmentKind) {
    const sync = this.index.sync(profileId, kind);
    return { state: sync.state, syncedAt: sync.syncedAt, seen: sync.seen, filling: this.sync.isRunning(profileId, kind) };
  }

  /** Starts a catch-up pass in the background; the table keeps its rows meanwhile. */
  async refresh(kind: EnrollmentKind) {
    const id = await this.profileId();
    this.sync.refresh(id, kind).catch(() => undefined); // the failure is pushed as an index event
    return this.freshness(id, kind);
  }

  async get(kind: EnrollmentKind, id: string): Promise<EnrollmentView> {
    return getEnrollment(this.ctx, await this.profileId(), kind, id);
  }

  async save(input: EnrollmentInput, loaded?: EnrollmentView) {
    return saveEnrollment(this.ctx, await this.profileId(), input, loaded);
  }

  async delete(kind: EnrollmentKind, id: string, etag?: string): Promise<void> {
    await deleteEnrollment(this.ctx, await this.profileId(), kind, id, etag);
  }

  async bulk(kind: EnrollmentKind, action: 'enable' | 'disable' | 'delete', ids: string[]) {
    return { results: await bulkChange(this.ctx, await this.profileId(), kind, action, ids) };
  }
}

function progressEvent(progress: SyncProgress) {
  return {
    kind: progress.kind,
    state: progress.state,
    rows: progress.rows,
    seen: progress.seen,
    syncedAt: progress.syncedAt,
    removed: progress.removed,
    error: progress.error,
  };
}
