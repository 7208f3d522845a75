import type { ConsoleStore } from '../store/console-store.ts';

/** One device's outcome in a batch (or a single push): never a key, at most its fingerprint. */
export interface PushResult {
  jobId: string;
  index: number;
  registrationId: string;
  serial: string | null;
  status: 'passed' | 'failed' | 'duplicate';
  step: string | null;
  code: string | null;
  message: string | null;
  keyFingerprint: string | null;
  assignedHub: string | null;
  at: number;
}

interface Row {
  job_id: string;
  idx: number;
  registration_id: string;
  serial: string | null;
  status: PushResult['status'];
  step: string | null;
  code: string | null;
  message: string | null;
  key_fingerprint: string | null;
  assigned_hub: string | null;
  at: number;
}

/** Batch results in the profile's console database, so a restart keeps what was pushed. */
export class SerialResults {
  private readonly store: ConsoleStore;

  constructor(store: ConsoleStore) {
    this.store = store;
    store.register({
      area: 'serial',
      steps: [
        `CREATE TABLE serial_results (
           job_id TEXT NOT NULL, idx INTEGER NOT NULL, registration_id TEXT NOT NULL, serial TEXT,
           status TEXT NOT NULL, step TEXT, code TEXT, message TEXT, key_fingerprint TEXT, assigned_hub TEXT,
           at INTEGER NOT NULL, PRIMARY KEY (job_id, idx)
         );
         CREATE INDEX serial_results_reg ON serial_results (registration_id, status);`,
      ],
    });
  }

  record(profileId: string, result: PushResult): void {
    this.store
      .forProfile(profileId)
      .db.prepare(
        `INSERT INTO serial_results (job_id, idx, registration_id, serial, status, step, code, message, key_fingerprint, assigned_hub, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (job_id, idx) DO UPDATE SET registration_id = excluded.registration_id, serial = excluded.serial, status = excluded.status,
           step = excluded.step, code = excluded.code, message = excluded.message, key_fingerprint = excluded.key_fingerprint,
           assigned_hub = excluded.assigned_hub, at = excluded.at`,
      )
      .run(result.jobId, result.index, result.registrationId, result.serial, result.status, result.step, result.code, result.message, result.keyFingerprint, result.assignedHub, result.at);
  }

  forJob(profileId: string, jobId: string): PushResult[] {
    const rows = this.store.forProfile(profileId).db.prepare('SELECT * FROM serial_results WHERE job_id = ? ORDER BY idx').all(jobId) as unknown as Row[];
    return rows.map((r) => ({
      jobId: r.job_id,
      index: Number(r.idx),
      registrationId: r.registration_id,
      serial: r.serial,
      status: r.status,
      step: r.step,
      code: r.code,
      message: r.message,
      keyFingerprint: r.key_fingerprint,
      assignedHub: r.assigned_hub,
      at: Number(r.at),
    }));
  }

  /** Which of these registration ids (or serials) already passed in an earlier push of this profile. */
  alreadyPushed(profileId: string, registrationIds: string[]): Set<string> {
    const statement = this.store.forProfile(profileId).db.prepare("SELECT 1 FROM serial_results WHERE registration_id = ? AND status = 'passed' LIMIT 1");
    return new Set(registrationIds.filter((id) => statement.get(id) !== undefined));
  }
}

const CSV_COLUMNS = ['index', 'registrationId', 'serial', 'status', 'step', 'code', 'message', 'keyFingerprint', 'assignedHub', 'at'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The results as CSV for the operator's records: ids, outcomes, fingerprints; no key ever. */
export function resultsCsv(results: PushResult[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const result of results) {
    lines.push(CSV_COLUMNS.map((column) => csvCell(column === 'at' ? new Date(result.at).toISOString() : result[column])).join(','));
  }
  return `${lines.join('\n')}\n`;
}
