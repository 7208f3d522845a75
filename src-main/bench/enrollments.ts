import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../events/event-bus.ts';
import { AzureClientFactory } from '../services/azure/client-factory.ts';
import { factoryDpsAccess } from '../services/enrollments/dps-access.ts';
import { EnrollmentsService } from '../services/enrollments/enrollments-service.ts';
import { EventLog } from '../services/event-log/event-log.ts';
import { sandboxTarget } from '../services/profiles/profile-targets.ts';
import { nodeSandboxCommand } from '../services/sandbox/sandbox-command.ts';
import { startSandboxProcess } from '../services/sandbox/sandbox-process.ts';
import { ConsoleStore } from '../services/store/console-store.ts';
import { Tasks } from '../services/tasks/tasks.ts';
import { percentile, round } from './support/measure.ts';

/**
 * `npm run bench -- enrollments`: 100,000 enrollments in a sandbox child process, read by the
 * console's enrollment service through the real client factory. first_rows_ms: a fresh index to
 * the table's first page; search_ms: a registration-id search over the filled index (median of 20);
 * import_rows_per_s: a 10,000-row CSV through the import task (bulk batches of 10), no quotas.
 */
const TOTAL = Number(process.env.ENROLLMENTS_BENCH_TOTAL ?? 100_000);
const IMPORT_ROWS = Number(process.env.ENROLLMENTS_BENCH_IMPORT ?? 10_000);
const log = (line: string) => process.stderr.write(`${line}\n`);

const dir = mkdtempSync(join(tmpdir(), 'pb-bench-enrollments-'));
const sandbox = await startSandboxProcess(nodeSandboxCommand(join(dir, 'sandbox')), 120_000);
try {
  const factory = new AzureClientFactory(await sandboxTarget(sandbox.info), { timeoutMs: 120_000 });
  await seed(factory);
  const store = new ConsoleStore(join(dir, 'console'));
  const events = new EventBus();
  const tasks = new Tasks(store, events);
  const service = new EnrollmentsService({ store, eventLog: new EventLog(store), tasks, events, access: factoryDpsAccess('bench', factory) });

  let started = performance.now();
  const first = await service.list({ kind: 'individual', limit: 100 }, 'bench');
  const firstRowsMs = performance.now() - started;
  log(`first rows: ${first.rows.length} in ${round(firstRowsMs)} ms`);
  started = performance.now();
  await service.sync.refresh('bench', 'individual');
  const fillS = (performance.now() - started) / 1000 + firstRowsMs / 1000;
  log(`index filled: ${service.index.count('bench', 'individual')} rows in ${round(fillS, 2)} s`);

  const searches: number[] = [];
  for (let i = 0; i < 20; i++) {
    const id = `bench-${String(Math.floor(Math.random() * TOTAL)).padStart(6, '0')}`;
    const t0 = performance.now();
    const hit = await service.list({ kind: 'individual', search: id, limit: 100 }, 'bench');
    searches.push(performance.now() - t0);
    if (hit.rows[0]?.id !== id) throw new Error(`search for ${id} found ${hit.rows[0]?.id}`);
  }
  const sortT0 = performance.now();
  await service.list({ kind: 'individual', sort: { field: 'updatedAt', direction: 'desc' }, limit: 100 }, 'bench');
  const sortMs = performance.now() - sortT0;

  const csv = ['serialNumber,customer,model', ...Array.from({ length: IMPORT_ROWS }, (_, i) => `IMP-${i},Contoso,TH-1`)].join('\n');
  started = performance.now();
  const task = service.imports.start('bench', 'bench.csv', csv, { template: 'imp-{serial}' });
  const done = await tasks.finished('bench', task.id);
  const importS = (performance.now() - started) / 1000;
  log(`import: ${done.status} ${done.message ?? ""} ${JSON.stringify(done.summary)} in ${round(importS, 2)} s`);
  await tasks.dispose();
  store.close();
  process.stdout.write(
    `${JSON.stringify({
      first_rows_ms: round(firstRowsMs),
      search_ms: round(percentile(searches, 0.5)),
      search_p95_ms: round(percentile(searches, 0.95)),
      sort_ms: round(sortMs),
      index_fill_s: round(fillS, 2),
      import_rows_per_s: round(Number(done.summary.created ?? 0) / importS),
      enrollments: TOTAL,
      cores: cpus().length,
      load_average: round(loadavg()[0] ?? 0, 2),
    })}\n`,
  );
} finally {
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** 100,000 enrollments through the bulk API, 10,000 a request (the sandbox's cap). */
async function seed(factory: AzureClientFactory): Promise<void> {
  const started = performance.now();
  const dps = factory.provisioningService();
  for (let from = 0; from < TOTAL; from += 10_000) {
    const enrollments = Array.from({ length: Math.min(10_000, TOTAL - from) }, (_, i) => ({
      registrationId: `bench-${String(from + i).padStart(6, '0')}`,
      attestation: { type: 'symmetricKey', symmetricKey: {} },
      initialTwin: { tags: { serialNumber: `SN-${from + i}`, customer: (from + i) % 3 ? 'Contoso' : 'Fabrikam' } },
    }));
    await new Promise<void>((resolve, reject) => dps.runBulkEnrollmentOperation({ mode: 'create', enrollments } as never, (error) => (error ? reject(error) : resolve())));
  }
  log(`seeded ${TOTAL} enrollments in ${round((performance.now() - started) / 1000, 1)} s`);
}
