import type { SandboxDatabase } from '../../store/database.ts';

export type JobType = 'scheduleUpdateTwin' | 'scheduleDeviceMethod';
export type JobStatus = 'queued' | 'scheduled' | 'running' | 'completed' | 'failed' | 'cancelled';
export type DeviceJobStatus = 'pending' | 'running' | 'completed' | 'failed';

export interface JobRecord {
  jobId: string;
  type: JobType;
  status: JobStatus;
  queryCondition: string;
  /** updateTwin patch or cloudToDeviceMethod request, as submitted. */
  payload: Record<string, unknown>;
  createdTime: string;
  startTime: string;
  endTime: string | null;
  maxExecutionTimeInSeconds: number;
  failureReason: string | null;
}

export interface DeviceJobStatistics {
  deviceCount: number;
  failedCount: number;
  succeededCount: number;
  runningCount: number;
  pendingCount: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hub_jobs (
  hub TEXT NOT NULL,
  job_id TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  query_condition TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_time TEXT NOT NULL,
  start_time TEXT NOT NULL,
  end_time TEXT,
  max_execution_s INTEGER NOT NULL,
  failure_reason TEXT,
  PRIMARY KEY (hub, job_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hub_job_devices (
  hub TEXT NOT NULL,
  job_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  status TEXT NOT NULL,
  outcome TEXT,
  created_time TEXT,
  start_time TEXT,
  end_time TEXT,
  updated_time TEXT,
  PRIMARY KEY (hub, job_id, device_id)
) WITHOUT ROWID;
`;

/** Columns added after the table first shipped (rows made before them read NULL). */
const LATER_COLUMNS = ['created_time', 'start_time', 'end_time', 'updated_time'];

/** One device of one job, with its job's type and status, as `devices.jobs` reads it. */
export interface DeviceJobRow {
  jobId: string;
  deviceId: string;
  jobType: JobType;
  jobStatus: JobStatus;
  status: DeviceJobStatus;
  /** The stored outcome: `{ deviceMethodResponse }` or `{ error: { code, description } }` (older rows: `{ error: "text" }`). */
  outcome: unknown;
  createdTime: string;
  startTime: string | null;
  endTime: string | null;
  updatedTime: string;
}

/** Equality conditions a devices.jobs scan can push into SQL. */
export interface DeviceJobFilter {
  jobId?: string;
  deviceId?: string;
  jobType?: string;
}

/** What a per-device outcome records: when the device's part started and ended. */
export interface DeviceOutcome {
  deviceId: string;
  status: DeviceJobStatus;
  outcome: unknown;
  startTime?: string;
  endTime?: string;
}

type Row = Record<string, string | number | null>;

/** Jobs and their per-device progress, so a job resumes after a restart where it stopped. */
export class JobStore {
  readonly db: SandboxDatabase;
  readonly hub: string;

  constructor(db: SandboxDatabase, hub: string) {
    this.db = db;
    this.hub = hub;
    db.db.exec(SCHEMA);
    const columns = db.db.prepare('PRAGMA table_info(hub_job_devices)').all() as { name: string }[];
    for (const name of LATER_COLUMNS) if (!columns.some((c) => c.name === name)) db.db.exec(`ALTER TABLE hub_job_devices ADD COLUMN ${name} TEXT`);
  }

  insert(job: JobRecord): void {
    this.db.db
      .prepare('INSERT INTO hub_jobs (hub, job_id, type, status, query_condition, payload, created_time, start_time, end_time, max_execution_s, failure_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(this.hub, job.jobId, job.type, job.status, job.queryCondition, JSON.stringify(job.payload), job.createdTime, job.startTime, job.endTime, job.maxExecutionTimeInSeconds, job.failureReason);
  }

  get(jobId: string): JobRecord | undefined {
    const row = this.db.db.prepare('SELECT * FROM hub_jobs WHERE hub = ? AND job_id = ?').get(this.hub, jobId) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(): JobRecord[] {
    return (this.db.db.prepare('SELECT * FROM hub_jobs WHERE hub = ? ORDER BY created_time, job_id').all(this.hub) as Row[]).map(fromRow);
  }

  setStatus(jobId: string, status: JobStatus, fields: { endTime?: string; failureReason?: string; startTime?: string } = {}): void {
    this.db.db
      .prepare('UPDATE hub_jobs SET status = ?, end_time = COALESCE(?, end_time), failure_reason = COALESCE(?, failure_reason), start_time = COALESCE(?, start_time) WHERE hub = ? AND job_id = ?')
      .run(status, fields.endTime ?? null, fields.failureReason ?? null, fields.startTime ?? null, this.hub, jobId);
  }

  addDevices(jobId: string, deviceIds: string[]): void {
    const now = new Date().toISOString();
    const statement = this.db.db.prepare("INSERT OR IGNORE INTO hub_job_devices (hub, job_id, device_id, status, created_time, updated_time) VALUES (?, ?, ?, 'pending', ?, ?)");
    for (const deviceId of deviceIds) statement.run(this.hub, jobId, deviceId, now, now);
  }

  pendingDevices(jobId: string, limit: number): string[] {
    const rows = this.db.db
      .prepare("SELECT device_id FROM hub_job_devices WHERE hub = ? AND job_id = ? AND status IN ('pending', 'running') ORDER BY device_id LIMIT ?")
      .all(this.hub, jobId, limit) as Row[];
    return rows.map((r) => String(r.device_id));
  }

  setDeviceOutcomes(jobId: string, outcomes: DeviceOutcome[]): void {
    const now = new Date().toISOString();
    const statement = this.db.db.prepare(
      'UPDATE hub_job_devices SET status = ?, outcome = ?, start_time = COALESCE(?, start_time), end_time = COALESCE(?, end_time), updated_time = ? WHERE hub = ? AND job_id = ? AND device_id = ?',
    );
    this.db.transaction(() => {
      for (const o of outcomes) statement.run(o.status, JSON.stringify(o.outcome ?? null), o.startTime ?? null, o.endTime ?? null, now, this.hub, jobId, o.deviceId);
    });
  }

  /** Marks every unfinished device of a job failed (the job ran out of time). */
  failRemaining(jobId: string, error: { code: string; description: string }): void {
    const now = new Date().toISOString();
    this.db.db
      .prepare("UPDATE hub_job_devices SET status = 'failed', outcome = ?, end_time = ?, updated_time = ? WHERE hub = ? AND job_id = ? AND status IN ('pending', 'running')")
      .run(JSON.stringify({ error }), now, now, this.hub, jobId);
  }

  /**
   * Device rows of every job in (job id, device id) order after `after`, joined with their job,
   * narrowed by the equality filter: the devices.jobs query pages over this.
   */
  scanDeviceJobs(after: [string, string] | null, limit: number, filter: DeviceJobFilter = {}): DeviceJobRow[] {
    const where = ['d.hub = ?'];
    const params: (string | number)[] = [this.hub];
    if (after) {
      where.push('(d.job_id > ? OR (d.job_id = ? AND d.device_id > ?))');
      params.push(after[0], after[0], after[1]);
    }
    for (const [field, column] of [['jobId', 'd.job_id'], ['deviceId', 'd.device_id'], ['jobType', 'j.type']] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    const rows = this.db.db
      .prepare(
        `SELECT d.job_id, d.device_id, d.status, d.outcome, d.created_time, d.start_time, d.end_time, d.updated_time, j.type, j.status AS job_status, j.start_time AS job_start
         FROM hub_job_devices d JOIN hub_jobs j ON j.hub = d.hub AND j.job_id = d.job_id
         WHERE ${where.join(' AND ')} ORDER BY d.job_id, d.device_id LIMIT ?`,
      )
      .all(...params, limit) as Row[];
    return rows.map((row) => {
      const created = row.created_time === null ? String(row.job_start) : String(row.created_time);
      return {
        jobId: String(row.job_id),
        deviceId: String(row.device_id),
        jobType: row.type as JobType,
        jobStatus: row.job_status as JobStatus,
        status: row.status as DeviceJobStatus,
        outcome: row.outcome === null ? null : (JSON.parse(String(row.outcome)) as unknown),
        createdTime: created,
        startTime: row.start_time === null ? null : String(row.start_time),
        endTime: row.end_time === null ? null : String(row.end_time),
        updatedTime: row.updated_time === null ? created : String(row.updated_time),
      };
    });
  }

  statistics(jobId: string): DeviceJobStatistics {
    const rows = this.db.db.prepare('SELECT status, COUNT(*) AS n FROM hub_job_devices WHERE hub = ? AND job_id = ? GROUP BY status').all(this.hub, jobId) as Row[];
    const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    const stats = { failedCount: count('failed'), succeededCount: count('completed'), runningCount: count('running'), pendingCount: count('pending') };
    return { deviceCount: stats.failedCount + stats.succeededCount + stats.runningCount + stats.pendingCount, ...stats };
  }
}

function fromRow(row: Row): JobRecord {
  return {
    jobId: String(row.job_id),
    type: row.type as JobType,
    status: row.status as JobStatus,
    queryCondition: String(row.query_condition),
    payload: JSON.parse(String(row.payload)) as Record<string, unknown>,
    createdTime: String(row.created_time),
    startTime: String(row.start_time),
    endTime: row.end_time === null ? null : String(row.end_time),
    maxExecutionTimeInSeconds: Number(row.max_execution_s),
    failureReason: row.failure_reason === null ? null : String(row.failure_reason),
  };
}
