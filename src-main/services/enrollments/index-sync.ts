import type { EnrollmentKind } from '../../../src-shared/domain/enrollment.ts';
import { callDps, type DpsAccess } from './dps-access.ts';
import { toIndexRow, type DpsDocument } from './enrollment-documents.ts';
import type { EnrollmentIndex, SyncState } from './enrollment-index.ts';

/** Small first page so the table shows rows at once; larger pages after it. */
export const FIRST_PAGE = 100;
export const NEXT_PAGES = 1000;

export interface SyncProgress {
  profileId: string;
  kind: EnrollmentKind;
  state: SyncState['state'];
  seen: number;
  rows: number;
  syncedAt: number | null;
  removed: number;
  error: string | null;
}

/**
 * Fills and refreshes the index page by page in the background. A pass stamps every row it sees
 * with a new generation; the continuation token is saved after each page, so a pass cut short
 * (restart, error) carries on from the page it reached instead of starting over, and the rows
 * already there stay visible meanwhile. When the last page is in, rows the pass did not see
 * (deleted outside the console) are dropped.
 */
export class IndexSync {
  private readonly index: EnrollmentIndex;
  private readonly access: DpsAccess;
  private readonly onProgress: (progress: SyncProgress) => void;
  private readonly passes = new Map<string, Promise<SyncProgress>>();

  constructor(index: EnrollmentIndex, access: DpsAccess, onProgress: (progress: SyncProgress) => void) {
    this.index = index;
    this.access = access;
    this.onProgress = onProgress;
  }

  /** Starts a pass (or joins the one running) and resolves when it has finished. */
  refresh(profileId: string, kind: EnrollmentKind): Promise<SyncProgress> {
    const key = `${profileId}\u0000${kind}`;
    const running = this.passes.get(key);
    if (running) return running;
    const pass = this.pass(profileId, kind).finally(() => this.passes.delete(key));
    this.passes.set(key, pass);
    return pass;
  }

  /** Resolves once the first page of a pass is stored (or at once when the index is already filled). */
  async firstPage(profileId: string, kind: EnrollmentKind): Promise<void> {
    if (this.index.sync(profileId, kind).state === 'complete') return;
    const pass = this.refresh(profileId, kind);
    await Promise.race([pass.catch(() => undefined), this.pageStored(profileId, kind)]);
  }

  isRunning(profileId: string, kind: EnrollmentKind): boolean {
    return this.passes.has(`${profileId}\u0000${kind}`);
  }

  /** Waits for every running pass (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.passes.values()]);
  }

  private readonly pageWaiters = new Set<{ key: string; resolve: () => void }>();

  private pageStored(profileId: string, kind: EnrollmentKind): Promise<void> {
    return new Promise((resolve) => this.pageWaiters.add({ key: `${profileId}\u0000${kind}`, resolve }));
  }

  private async pass(profileId: string, kind: EnrollmentKind): Promise<SyncProgress> {
    let state = this.index.sync(profileId, kind);
    if (state.state !== 'filling') state = { gen: state.gen + 1, state: 'filling', continuation: null, seen: 0, syncedAt: state.syncedAt };
    this.index.saveSync(profileId, kind, state);
    const progress = (removed: number, error: string | null): SyncProgress => ({
      profileId,
      kind,
      state: state.state,
      seen: state.seen,
      rows: this.index.count(profileId, kind),
      syncedAt: state.syncedAt,
      removed,
      error,
    });
    try {
      let first = state.continuation === null;
      for (;;) {
        const pageSize = first ? FIRST_PAGE : NEXT_PAGES;
        const continuation = state.continuation;
        const page = await callDps(this.access, profileId, `reading ${kind === 'individual' ? 'enrollments' : 'enrollment groups'}`, async (dps) => {
          const query = kind === 'individual' ? dps.createIndividualEnrollmentQuery({ query: '*' }, pageSize) : dps.createEnrollmentGroupQuery({ query: '*' }, pageSize);
          const result = continuation === null ? await query.next() : await query.next(continuation);
          return { items: result.responseBody as unknown as DpsDocument[], next: query.continuationToken ?? null };
        });
        this.index.upsert(profileId, page.items.map((doc) => toIndexRow(kind, doc)), state.gen);
        state = { ...state, continuation: page.next, seen: state.seen + page.items.length };
        first = false;
        if (page.next === null) break;
        this.index.saveSync(profileId, kind, state);
        this.pageDone(profileId, kind);
        this.onProgress(progress(0, null));
      }
      const removed = this.index.finishPass(profileId, kind, state.gen, state.seen);
      state = this.index.sync(profileId, kind);
      this.pageDone(profileId, kind);
      const done = progress(removed, null);
      this.onProgress(done);
      return done;
    } catch (error) {
      const failed = progress(0, error instanceof Error ? error.message : String(error));
      this.pageDone(profileId, kind);
      this.onProgress(failed);
      throw error;
    }
  }

  private pageDone(profileId: string, kind: EnrollmentKind): void {
    const key = `${profileId}\u0000${kind}`;
    for (const waiter of [...this.pageWaiters]) {
      if (waiter.key !== key) continue;
      this.pageWaiters.delete(waiter);
      waiter.resolve();
    }
  }
}
