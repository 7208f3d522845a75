import type { Task } from '../../../../src-shared/contract/channels/tasks.ts';
import { AppError } from '../../../../src-shared/contract/result.ts';
import type { ConsoleStore, StoreMigration } from '../../store/console-store.ts';
import type { Tasks } from '../../tasks/tasks.ts';
import type { AreaContext } from '../enrollment-crud.ts';
import { toCsv } from './csv.ts';
import { planImport, type ImportOptions, type ImportPlan } from './import-plan.ts';
import { IMPORT_TASK_KIND, importRunner, type ImportInput } from './import-task.ts';

const MIGRATION: StoreMigration = {
  area: 'enrollment-imports',
  steps: [
    `CREATE TABLE enrollment_import_rows (
       job_id TEXT NOT NULL, row INTEGER NOT NULL, registration_id TEXT, outcome TEXT NOT NULL, message TEXT,
       PRIMARY KEY (job_id, row)
     ) WITHOUT ROWID;`,
  ],
};

/** Rows of a preview sent to the renderer: every problem row, and the first of the rest. */
const PREVIEW_ROWS = 500;

export interface ImportResultRow {
  row: number;
  registrationId: string | null;
  outcome: string;
  message: string | null;
}

/** CSV import of device records: preview, the resumable task, its per-row results. */
export class ImportService {
  private readonly ctx: AreaContext;
  private readonly tasks: Tasks;

  constructor(ctx: AreaContext, tasks: Tasks, store: ConsoleStore) {
    this.ctx = ctx;
    this.tasks = tasks;
    store.register(MIGRATION);
    tasks.define(IMPORT_TASK_KIND, importRunner(ctx, (id) => ctx.index.db(id)));
  }

  plan(profileId: string, csvText: string, options: ImportOptions): ImportPlan {
    return this.planned(() => planImport(csvText, options, (ids) => this.ctx.index.existing(profileId, 'individual', ids)));
  }

  private planned(plan: () => ImportPlan): ImportPlan {
    try {
      return plan();
    } catch (error) {
      throw new AppError('validation', error instanceof Error ? error.message : String(error), [{ path: 'csv', message: error instanceof Error ? error.message : String(error) }]);
    }
  }

  preview(profileId: string, csvText: string, options: ImportOptions) {
    const plan = this.plan(profileId, csvText, options);
    const problems = plan.rows.filter((r) => r.state !== 'new');
    const rest = plan.rows.filter((r) => r.state === 'new').slice(0, Math.max(0, PREVIEW_ROWS - problems.length));
    return { counts: plan.counts, total: plan.rows.length, rows: [...problems, ...rest].sort((a, b) => a.row - b.row).slice(0, PREVIEW_ROWS) };
  }

  /** Validates the file again (the preview is advice, not trust) and starts the task. */
  start(profileId: string, fileName: string, csvText: string, options: ImportOptions): Task {
    // Ids the index already holds are sent too: the bulk create answers "exists" for them, so the service decides.
    const plan = this.planned(() => planImport(csvText, options, () => new Set()));
    const input: ImportInput = {
      fileName,
      options,
      rows: plan.valid,
      invalid: plan.rows
        .filter((r) => r.state === 'invalid' || r.state === 'duplicate')
        .map((r) => ({ row: r.row, registrationId: r.registrationId, message: r.problems.map((p) => `${p.column}: ${p.message}`).join('; ').slice(0, 300) })),
    };
    return this.tasks.start(profileId, IMPORT_TASK_KIND, `Import ${fileName}`.slice(0, 200), input);
  }

  results(profileId: string, jobId: string, offset = 0, limit = 1000): { rows: ImportResultRow[]; total: number } {
    const db = this.ctx.index.db(profileId).db;
    const total = Number((db.prepare('SELECT COUNT(*) AS n FROM enrollment_import_rows WHERE job_id = ?').get(jobId) as { n: number }).n);
    const rows = db
      .prepare('SELECT row, registration_id AS registrationId, outcome, message FROM enrollment_import_rows WHERE job_id = ? ORDER BY row LIMIT ? OFFSET ?')
      .all(jobId, limit, offset) as unknown as ImportResultRow[];
    return { rows, total };
  }

  /** Every row's result as CSV (no key in it: keys are exported as cards). */
  exportResults(profileId: string, jobId: string): { fileName: string; csv: string } {
    const { rows } = this.results(profileId, jobId, 0, 1_000_000);
    return { fileName: `import-results-${jobId.slice(0, 8)}.csv`, csv: toCsv([['row', 'registrationId', 'outcome', 'message'], ...rows.map((r) => [r.row, r.registrationId, r.outcome, r.message])]) };
  }
}

