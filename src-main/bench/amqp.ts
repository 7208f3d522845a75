// `npm run bench -- amqp`: device telemetry read back through @azure/event-hubs from the sandbox's
// Event Hub-compatible endpoint (key `eventhub_msgs_per_s`, shared/design/benchmarks.md). The
// sandbox runs as its own child process; 1,000 MQTT devices send from BENCH_CLIENT_PROCESSES
// workers while this process reads every partition live through the console's own path
// (AzureClientFactory.eventHubConsumer: redirect, then EventHubConsumerClient); then a second
// reader catches up on everything from the earliest position. Last stdout line: one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { earliestEventPosition, latestEventPosition } from '@azure/event-hubs';
import type { EventHubConsumerClient, EventPosition, ReceivedEventData } from '@azure/event-hubs';
import { redactSecrets } from '../security/redact.ts';
import { nodeSandboxCommand } from '../services/sandbox/sandbox-command.ts';
import { startSandboxProcess } from '../services/sandbox/sandbox-process.ts';
import { cpuTimeMs, peakRssMb, percentile, round } from './support/measure.ts';
import { sandboxClients } from './support/sandbox-clients.ts';
import { runTelemetryPhase } from './support/telemetry-phase.ts';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 2);
const TELEMETRY_MS = Number(process.env.BENCH_TELEMETRY_MS ?? 10_000);
const TELEMETRY_WINDOW = Number(process.env.BENCH_TELEMETRY_WINDOW ?? 4);

const log = (message: string) => process.stderr.write(`[bench amqp] ${redactSecrets(message)}\n`);

interface Reader {
  count: number;
  firstAt: number;
  lastAt: number;
  lagMs: number[];
  close(): Promise<void>;
}

function read(client: EventHubConsumerClient, startPosition: EventPosition): Reader {
  const reader: Reader = { count: 0, firstAt: 0, lastAt: 0, lagMs: [], close: async () => {} };
  const subscription = client.subscribe(
    {
      processEvents: async (events: ReceivedEventData[]) => {
        if (events.length === 0) return;
        const now = performance.now();
        if (reader.count === 0) reader.firstAt = now;
        reader.count += events.length;
        reader.lastAt = now;
        const wall = Date.now();
        for (const event of events) if (reader.lagMs.length < 200_000) reader.lagMs.push(wall - event.enqueuedTimeUtc.getTime());
      },
      processError: async (error: Error) => {
        log(`reader error: ${error.message}`);
      },
    },
    { startPosition, maxBatchSize: 300, maxWaitTimeInSeconds: 1 },
  );
  reader.close = () => subscription.close();
  return reader;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-amqp-'));
  const sandbox = await startSandboxProcess(nodeSandboxCommand(dataDir), 60_000);
  // As the sandbox bench does: keep getos from spawning lsb_release for every device connection.
  process.env.PATH = '';
  const result: Record<string, number> = { devices: DEVICES, client_processes: CLIENT_PROCESSES, cpus: cpus().length, loadavg_1m_start: round(loadavg()[0] ?? 0, 2) };
  try {
    const clients = sandboxClients(sandbox.info);
    const hubHost = clients.factory.hubHosts()[0] as string;
    const registry = clients.factory.registry(hubHost);
    log(`creating ${DEVICES} devices on ${hubHost}`);
    const devices = Array.from({ length: DEVICES }, (_, i) => {
      const deviceId = `eh-bench-${String(i).padStart(5, '0')}`;
      return { deviceId, key: Buffer.from(`${deviceId}-0123456789abcdef-0123456789`).toString('base64') };
    });
    for (let i = 0; i < devices.length; i += 100) {
      await registry.addDevices(devices.slice(i, i + 100).map((d) => ({ deviceId: d.deviceId, status: 'enabled', authentication: { type: 'sas', symmetricKey: { primaryKey: d.key, secondaryKey: d.key } } })) as never);
    }

    const live = await clients.factory.eventHubConsumer(hubHost);
    const liveReader = read(live, latestEventPosition);
    // The reader has attached once the partitions answer; then every new event is the reader's.
    await live.getEventHubProperties();
    await new Promise((resolve) => setTimeout(resolve, 1000));

    log(`sending from ${DEVICES} MQTT devices for ${TELEMETRY_MS} ms, ${TELEMETRY_WINDOW} in flight each`);
    const sandboxCpuStart = cpuTimeMs(sandbox.pid);
    const telemetry = await runTelemetryPhase(
      devices.map((d) => ({ hostName: hubHost, deviceId: d.deviceId, key: d.key })),
      sandbox.info.caCertificatePath,
      CLIENT_PROCESSES,
      TELEMETRY_MS,
      TELEMETRY_WINDOW,
    );
    const caughtUp = await until(() => liveReader.count >= telemetry.acked, 60_000);
    const sandboxCpuEnd = cpuTimeMs(sandbox.pid);
    await liveReader.close();
    await live.close();
    const liveSeconds = (liveReader.lastAt - liveReader.firstAt) / 1000;
    result['telemetry_msgs_per_s'] = round(telemetry.msgsPerS);
    result['telemetry_acked'] = telemetry.acked;
    result['connected'] = telemetry.connected;
    result['eventhub_live_received'] = liveReader.count;
    result['eventhub_live_all_received'] = caughtUp ? 1 : 0;
    result['eventhub_lag_p50_ms'] = round(percentile(liveReader.lagMs, 0.5));
    result['eventhub_lag_p95_ms'] = round(percentile(liveReader.lagMs, 0.95));
    result['eventhub_live_msgs_per_s'] = round(liveSeconds > 0 ? liveReader.count / liveSeconds : 0);
    if (sandboxCpuStart !== null && sandboxCpuEnd !== null) result['sandbox_cpu_ms'] = Math.round(sandboxCpuEnd - sandboxCpuStart);

    log(`reading all ${telemetry.acked} stored events again from the earliest position`);
    const catchUp = await clients.factory.eventHubConsumer(hubHost, '$Default');
    const started = performance.now();
    const catchUpReader = read(catchUp, earliestEventPosition);
    await until(() => catchUpReader.count >= telemetry.acked, 120_000);
    const seconds = (performance.now() - started) / 1000;
    await catchUpReader.close();
    await catchUp.close();
    result['eventhub_catchup_received'] = catchUpReader.count;
    // The headline: stored telemetry read back through @azure/event-hubs, from connect to the last event.
    result['eventhub_msgs_per_s'] = round(catchUpReader.count / seconds);
    result['peak_rss_mb'] = peakRssMb(sandbox.pid) ?? -1;
    result['loadavg_1m_end'] = round(loadavg()[0] ?? 0, 2);
  } finally {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
