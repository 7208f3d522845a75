import type { MethodResult } from '../device-sessions.ts';
import type { MethodCall } from '../method-routes.ts';
import { HubServiceError } from '../service-error.ts';
import type { DeviceJobStatistics, DeviceOutcome, JobRecord, JobStore } from './job-store.ts';

export interface JobTargets {
  /** Device ids matching a job's queryCondition, at the moment the job starts. */
  matchingDeviceIds(queryCondition: string): string[];
  updateTwin(deviceId: string, patch: Record<string, unknown>): void;
  invokeMethod(deviceId: string, call: MethodCall): Promise<MethodResult>;
}

/** Devices handled at once; each chunk's outcomes commit in one transaction. */
const CHUNK = 20;
/** setTimeout's ceiling; later start times re-arm. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Runs jobs in the hub process: a scheduled job waits for its start time, then records the
 * matching devices and works through them, committing progress per chunk, so a restart
 * resumes with the devices still pending. Cancel stops it between chunks.
 */
export class JobRunner {
  private readonly store: JobStore;
  private readonly targets: JobTargets;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly active = new Map<string, Promise<void>>();
  private closed = false;
  /** Resolvers woken whenever a job changes state; tests and pollers await them instead of sleeping. */
  private readonly listeners = new Set<(job: JobRecord) => void>();

  constructor(store: JobStore, targets: JobTargets) {
    this.store = store;
    this.targets = targets;
  }

  onChange(listener: (job: JobRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(jobId: string): void {
    const job = this.store.get(jobId);
    if (job) for (const listener of this.listeners) listener(job);
  }

  /** Picks up every unfinished job after a restart. */
  resume(): void {
    for (const job of this.store.list()) {
      if (job.status === 'queued' || job.status === 'scheduled' || job.status === 'running') this.arm(job);
    }
  }

  submit(job: JobRecord): void {
    this.store.insert(job);
    this.arm(job);
  }

  cancel(jobId: string): JobRecord | undefined {
    const job = this.store.get(jobId);
    if (!job) return undefined;
    if (job.status === 'queued' || job.status === 'scheduled' || job.status === 'running') {
      clearTimeout(this.timers.get(jobId));
      this.timers.delete(jobId);
      this.store.setStatus(jobId, 'cancelled', { endTime: new Date().toISOString() });
      this.changed(jobId);
    }
    return this.store.get(jobId);
  }

  statistics(jobId: string): DeviceJobStatistics {
    return this.store.statistics(jobId);
  }

  private arm(job: JobRecord): void {
    if (this.closed) return;
    const delay = Date.parse(job.startTime) - Date.now();
    if (job.status !== 'running' && delay > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(job.jobId);
        const current = this.store.get(job.jobId);
        if (current) this.arm(current);
      }, Math.min(delay, MAX_DELAY_MS));
      this.timers.set(job.jobId, timer);
      return;
    }
    if (!this.active.has(job.jobId)) {
      const run = this.run(job.jobId).finally(() => this.active.delete(job.jobId));
      this.active.set(job.jobId, run);
    }
  }

  private async run(jobId: string): Promise<void> {
    await Promise.resolve();
    let job = this.store.get(jobId);
    if (!job || this.closed) return;
    if (job.status === 'queued' || job.status === 'scheduled') {
      let ids: string[];
      try {
        ids = this.targets.matchingDeviceIds(job.queryCondition);
      } catch (error) {
        this.store.setStatus(jobId, 'failed', { endTime: new Date().toISOString(), failureReason: error instanceof Error ? error.message : 'query failed' });
        this.changed(jobId);
        return;
      }
      this.store.db.transaction(() => {
        this.store.addDevices(jobId, ids);
        this.store.setStatus(jobId, 'running');
      });
      this.changed(jobId);
      job = this.store.get(jobId) as JobRecord;
    }
    const deadline = Date.now() + job.maxExecutionTimeInSeconds * 1000;
    for (;;) {
      if (this.closed) return;
      const current = this.store.get(jobId);
      if (!current || current.status !== 'running') return;
      const batch = this.store.pendingDevices(jobId, CHUNK);
      if (batch.length === 0) {
        this.store.setStatus(jobId, 'completed', { endTime: new Date().toISOString() });
        this.changed(jobId);
        return;
      }
      const outcomes = await Promise.all(batch.map((deviceId) => this.runOne(current, deviceId)));
      if (this.closed) return;
      this.store.setDeviceOutcomes(jobId, outcomes);
      this.changed(jobId);
      if (Date.now() > deadline) {
        const description = 'The job ran longer than maxExecutionTimeInSeconds.';
        this.store.db.transaction(() => {
          this.store.failRemaining(jobId, { code: 'MaxExecutionTimeExceeded', description });
          this.store.setStatus(jobId, 'failed', { endTime: new Date().toISOString(), failureReason: description });
        });
        this.changed(jobId);
        return;
      }
    }
  }

  private async runOne(job: JobRecord, deviceId: string): Promise<DeviceOutcome> {
    const startTime = new Date().toISOString();
    try {
      if (job.type === 'scheduleUpdateTwin') {
        this.targets.updateTwin(deviceId, job.payload);
        return { deviceId, status: 'completed', outcome: null, startTime, endTime: new Date().toISOString() };
      }
      const result = await this.targets.invokeMethod(deviceId, job.payload as unknown as MethodCall);
      return { deviceId, status: 'completed', outcome: { deviceMethodResponse: result }, startTime, endTime: new Date().toISOString() };
    } catch (error) {
      // The service's per-device error: { code, description } (DeviceJobError in its SDKs).
      const code = error instanceof HubServiceError ? error.code : 'DeviceJobFailed';
      const description = error instanceof Error ? error.message : 'failed';
      return { deviceId, status: 'failed', outcome: { error: { code, description } }, startTime, endTime: new Date().toISOString() };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled(this.active.values());
  }
}
