// `npm run bench -- timeline`: one million events over 100,000 devices in a profile's console
// database, written through the real EventLog (its trigger fills the read model as it goes), then
// one device's timeline and the fleet funnel read back (keys and targets: shared/design/benchmarks.md).
// Prints progress on stderr and one JSON object as the last stdout line.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, type EventInput } from '../services/event-log/event-log.ts';
import { ConsoleStore } from '../services/store/console-store.ts';
import { TimelineService } from '../services/timeline/timeline-service.ts';
import { percentile, round } from './support/measure.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const DEVICES = Number(process.env.BENCH_TIMELINE_DEVICES ?? 100_000);
const BATCH = 5_000;
const SAMPLES = 50;
const P = 'bench';
const STAGES: EventInput['kind'][] = ['enrolled', 'keys-pushed', 'registration-attempted', 'registered', 'hub-identity-created', 'connected', 'first-telemetry', 'status-reported', 'twin-patched', 'disconnected'];
const log = (message: string) => process.stderr.write(`[bench timeline] ${message}\n`);

/** Event i: device i % DEVICES at its (i / DEVICES)-th step; a tenth stall, a few fail. */
function eventAt(i: number, start: number): EventInput | null {
  const device = i % DEVICES;
  const step = Math.floor(i / DEVICES);
  const registrationId = `bench-${device.toString().padStart(6, '0')}`;
  if (device % 10 === 9 && step >= 3) return { kind: 'note', source: 'console', registrationId, detail: { step } };
  const kind = device % 50 === 7 && step === 3 ? 'registration-failed' : STAGES[step % STAGES.length]!;
  return {
    kind,
    source: step < 2 ? 'console' : 'simulator',
    registrationId,
    deviceId: step >= 3 ? registrationId : null,
    hubHost: step >= 3 ? `hub-${device % 2}.azure-devices.net` : null,
    outcome: kind === 'registration-failed' ? 'failed' : 'ok',
    at: start + step * 60_000 + (device % 1000) * 37 + step * (device % 97) * 113,
    detail: step === 0 ? { serialNumber: `SN-${device}`, customer: `customer-${device % 40}` } : kind === 'registration-failed' ? { reason: 'enrollment disabled' } : {},
  };
}

/** Wall time, and this process's CPU time (what the query costs, whatever else the machine runs). */
function time<T>(run: () => T): { ms: number; cpuMs: number; value: T } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-timeline-'));
  const store = new ConsoleStore(dir);
  try {
    const eventLog = new EventLog(store);
    const timeline = new TimelineService(store, eventLog);
    const start = Date.now() - 30 * 86_400_000;
    const write = time(() => {
      for (let from = 0; from < EVENTS; from += BATCH) {
        const batch: EventInput[] = [];
        for (let i = from; i < Math.min(EVENTS, from + BATCH); i++) {
          const event = eventAt(i, start);
          if (event) batch.push(event);
        }
        eventLog.appendMany(P, batch);
        if ((from / BATCH) % 40 === 0) log(`${from.toLocaleString('en')} events written`);
      }
    });
    const db = store.forProfile(P).db;
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    log(`${events} events in ${round(write.ms / 1000, 1)} s; reading`);
    const timelines: number[] = [];
    for (let s = 0; s < SAMPLES; s++) {
      const id = `bench-${Math.floor((s * 7919) % DEVICES).toString().padStart(6, '0')}`;
      const { ms, value } = time(() => timeline.device(P, id));
      if (value.events.length === 0) throw new Error(`no events for ${id}`);
      timelines.push(ms);
    }
    const funnels = [0, 1, 2].map(() => time(() => timeline.funnel(P, {})));
    const funnel = funnels.at(-1)!.value;
    const filtered = time(() => timeline.funnel(P, { customer: 'customer-7' }));
    const search = time(() => timeline.inventory(P, { query: 'SN-4242' }));
    const stuck = time(() => timeline.stuck(P, 'notConnected', 3_600_000));
    const result = {
      events,
      devices: funnel.total,
      append_events_per_s: round(events / (write.ms / 1000)),
      device_timeline_ms: round(percentile(timelines, 0.5), 2),
      device_timeline_p95_ms: round(percentile(timelines, 0.95), 2),
      funnel_ms: round(Math.min(...funnels.map((f) => f.ms)), 1),
      funnel_cpu_ms: round(Math.min(...funnels.map((f) => f.cpuMs)), 1),
      funnel_first_ms: round(funnels[0]!.ms, 1),
      funnel_filtered_ms: round(filtered.ms, 1),
      inventory_search_ms: round(search.ms, 1),
      inventory_search_cpu_ms: round(search.cpuMs, 1),
      stuck_ms: round(stuck.ms, 1),
      funnel_status_reported: funnel.stages.at(-1)!.count,
      cores: cpus().length,
      loadavg_1m: round(loadavg()[0] ?? 0, 2),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
