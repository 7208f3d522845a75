// `npm run bench -- simulator`: the embedded simulator against the sandbox, both as child
// processes exactly as the console runs them. A 1,000-device fleet from an enrollment group:
// time until every device is provisioned, connected and has sent once, its memory per device and
// sustained telemetry; then a 5,000-device fleet held connected for 60 s, counting errors.
// Progress on stderr; one JSON object as the last stdout line (keys: shared/design/benchmarks.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetOptions, SimulatorStatus } from '../../src-shared/contract/channels/simulator.ts';
import { AzureClientFactory } from '../services/azure/client-factory.ts';
import { EventLog } from '../services/event-log/event-log.ts';
import { sandboxTarget } from '../services/profiles/profile-targets.ts';
import { nodeSandboxCommand } from '../services/sandbox/sandbox-command.ts';
import { startSandboxProcess } from '../services/sandbox/sandbox-process.ts';
import { SimulatorService } from '../services/simulator/simulator-service.ts';
import { ConsoleStore } from '../services/store/console-store.ts';
import { round } from './support/measure.ts';

const FLEET = Number(process.env.BENCH_FLEET ?? 1000);
const HOLD_DEVICES = Number(process.env.BENCH_HOLD_DEVICES ?? 5000);
const HOLD_S = Number(process.env.BENCH_HOLD_S ?? 60);
const RATE_S = Number(process.env.BENCH_RATE_S ?? 10);
// Devices registering or connecting at once in the fleet process (the service's default when unset).
const START_CONCURRENCY = process.env.BENCH_START_CONCURRENCY ? Number(process.env.BENCH_START_CONCURRENCY) : undefined;
const log = (message: string) => process.stderr.write(`[bench simulator] ${message}\n`);

function waitFor(simulator: SimulatorService, check: (s: SimulatorStatus) => boolean, timeoutMs: number): Promise<SimulatorStatus> {
  return new Promise((resolve) => {
    let lastLog = 0;
    const timer = setTimeout(() => {
      off();
      resolve(simulator.status());
    }, timeoutMs);
    const off = simulator.onStatus((s) => {
      if (Date.now() - lastLog > 5_000) {
        lastLog = Date.now();
        log(`${s.state}: provisioned ${s.counters.provisioned} connected ${s.counters.connected} sent ${s.counters.messagesSent} errors ${s.counters.errors}`);
      }
      if (!check(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pb-bench-simulator-'));
  const sandbox = await startSandboxProcess(nodeSandboxCommand(join(root, 'sandbox')), 60_000);
  const store = new ConsoleStore(join(root, 'console'));
  const clients = new AzureClientFactory(await sandboxTarget(sandbox.info));
  const simulator = new SimulatorService({ profiles: { activeId: async () => 'sandbox', clientsFor: async () => clients }, eventLog: new EventLog(store), store, startConcurrency: START_CONCURRENCY });
  const result: Record<string, number> = { cpus: cpus().length, loadavg_1m_start: round(loadavg()[0] ?? 0, 2) };
  try {
    await clients.provisioningService().createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'bench-fleet', attestation: { type: 'symmetricKey' }, provisioningStatus: 'enabled' } as never);
    const options = (count: number, intervalMs: number, idPattern: string): FleetOptions => ({
      source: { kind: 'group', groupId: 'bench-fleet' },
      count,
      idPattern,
      telemetry: { intervalMs, jitterMs: Math.round(intervalMs / 5), source: { kind: 'sample', name: 'thermostat' } },
    });

    log(`fleet of ${FLEET}: provision, connect, first message each (telemetry every 1 s)`);
    const t0 = performance.now();
    await simulator.startFleet(options(FLEET, 1_000, 'bench-{n:5}'));
    const ready = await waitFor(simulator, (s) => s.counters.readyMs !== null, 300_000);
    const readyS = (performance.now() - t0) / 1000;
    result.fleet_size = FLEET;
    result.fleet_ready_s = ready.counters.readyMs === null ? -1 : round(readyS, 2);
    result.fleet_connected = ready.counters.connected;
    const sentAt = ready.counters.messagesSent;
    const rateStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, RATE_S * 1000));
    const after = simulator.status();
    result.msgs_per_s = round((after.counters.messagesSent - sentAt) / ((performance.now() - rateStart) / 1000), 1);
    const memory = simulator.memory();
    result.child_rss_mb = round(memory.rssKb / 1024, 1);
    result.child_baseline_rss_mb = round(memory.baselineRssKb / 1024, 1);
    // What each connected device adds to the fleet process (its SDKs loaded before the first device are not per device).
    result.rss_kb_per_device = after.counters.connected ? round((memory.rssKb - memory.baselineRssKb) / after.counters.connected, 1) : -1;
    result.fleet_errors = after.counters.errors;
    await simulator.stop();

    log(`fleet of ${HOLD_DEVICES} held connected for ${HOLD_S} s (telemetry every 30 s)`);
    await simulator.startFleet(options(HOLD_DEVICES, 30_000, 'hold-{n:5}'));
    const held = await waitFor(simulator, (s) => s.counters.connected === HOLD_DEVICES && s.counters.readyMs !== null, 600_000);
    result.held_connected = held.counters.connected;
    result.held_ready_s = held.counters.readyMs === null ? -1 : round(held.counters.readyMs / 1000, 1);
    const errorsBefore = held.counters.errors;
    let minConnected = held.counters.connected;
    const off = simulator.onStatus((s) => {
      minConnected = Math.min(minConnected, s.counters.connected);
    });
    await new Promise((resolve) => setTimeout(resolve, HOLD_S * 1000));
    off();
    const end = simulator.status();
    result.held_5000_errors = end.counters.errors - errorsBefore + (held.counters.connected === HOLD_DEVICES ? 0 : HOLD_DEVICES - held.counters.connected);
    result.held_min_connected = minConnected;
    const heldMemory = simulator.memory();
    result.held_rss_kb_per_device = end.counters.connected ? round((heldMemory.rssKb - heldMemory.baselineRssKb) / end.counters.connected, 1) : -1;
    result.loadavg_1m_end = round(loadavg()[0] ?? 0, 2);
  } finally {
    await simulator.dispose();
    store.close();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
