// `npm run bench -- twins`: seed 003's functions against the sandbox (keys in shared/design/benchmarks.md).
// - allocation_p95_ms: the custom-allocation webhook (the seed's function in the console's function
//   host child, querying and creating twins in the sandbox's ADT) under registrations arriving at
//   BENCH_TWINS_RATE/s from official SDK devices (MQTT, modelId payload); timed by the host per call.
// - twin_updates_per_s: telemetry → Temperature PATCHes the telemetry function completes per second
//   for BENCH_TWINS_DEVICES twins, messages handed to the function host as the hub event reader
//   would (hub ingest itself is `bench sandbox`'s telemetry figure).
// The sandbox runs as its own child process, as the console starts it. Last stdout line: one JSON object.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactSecrets } from '../security/redact.ts';
import { createDigitalTwinsClient, staticTokenCredential } from '../services/azure/digital-twins-client.ts';
import { FunctionRunner } from '../services/functions/function-runner.ts';
import type { CallRecord } from '../services/functions/function-protocol.ts';
import { deriveDeviceKey } from '../services/keys/device-key.ts';
import { nodeSandboxCommand } from '../services/sandbox/sandbox-command.ts';
import { startSandboxProcess } from '../services/sandbox/sandbox-process.ts';
import { registerWithKey } from '../sandbox/dps/dps-test-clients.ts';
import { percentile, round, runPool } from './support/measure.ts';
import { sandboxClients } from './support/sandbox-clients.ts';

const DEVICES = Number(process.env.BENCH_TWINS_DEVICES ?? 1000);
const REGISTRATIONS = Number(process.env.BENCH_TWINS_REGISTRATIONS ?? 300);
const RATE = Number(process.env.BENCH_TWINS_RATE ?? 50);
const TELEMETRY_MS = Number(process.env.BENCH_TWINS_TELEMETRY_MS ?? 10_000);
const THERMOSTAT = 'dtmi:contosocom:DigitalTwins:Thermostat;2';
const MODELS = join(import.meta.dirname, '../../assets/functions/models');

const log = (message: string) => process.stderr.write(`[bench twins] ${redactSecrets(message)}\n`);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-twins-'));
  const sandbox = await startSandboxProcess(nodeSandboxCommand(dataDir), 60_000);
  // As in `bench sandbox`: keep the device SDK from running `lsb_release` (Python) per connection.
  if (process.env.BENCH_KEEP_LSB_RELEASE !== '1') process.env.PATH = '';
  const result: Record<string, number> = { devices: DEVICES, registrations: REGISTRATIONS, registration_rate_per_s: RATE, cpus: cpus().length, loadavg_1m_start: round(loadavg()[0] ?? 0, 2) };
  let host: FunctionRunner | undefined;
  try {
    const info = sandbox.info;
    const adt = info.digitalTwins;
    if (!adt) throw new Error('the sandbox reported no digitalTwins endpoint');
    const ca = readFileSync(info.caCertificatePath, 'utf8');
    const twins = createDigitalTwinsClient(adt.url, staticTokenCredential(adt.accessToken), ca);
    await twins.createModels(['SpaceModel.json', 'ThermostatModel.json'].map((file) => JSON.parse(readFileSync(join(MODELS, file), 'utf8')) as object));
    host = new FunctionRunner({ digitalTwinsUrl: adt.url, accessToken: adt.accessToken, caCertificatePath: info.caCertificatePath });
    const allocations: CallRecord[] = [];
    host.onRecord((record) => record.type === 'call' && record.fn === 'allocation' && allocations.push(record));
    let updated = 0;
    host.onRecord((record) => record.type === 'stats' && (updated = record.telemetryUpdated));
    const { allocationUrl } = await host.start();

    // Allocation: registrations arrive at RATE/s (open loop), each through the webhook.
    const group = await sandboxClients(info).factory.provisioningService().createOrUpdateEnrollmentGroup({
      enrollmentGroupId: 'bench-twins',
      attestation: { type: 'symmetricKey' },
      allocationPolicy: 'custom',
      customAllocationDefinition: { webhookUrl: allocationUrl, apiVersion: '2021-10-01' },
    } as never);
    const groupKey = (group.responseBody.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    log(`registering ${REGISTRATIONS} devices at ${RATE}/s through the seed's allocation function`);
    const registrationMs: number[] = [];
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: REGISTRATIONS }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * 1000) / RATE));
        const id = `bench-dev-${i}`;
        const t0 = performance.now();
        try {
          await registerWithKey(info.provisioningHost, info.idScope, id, deriveDeviceKey(groupKey, id), ca, 'mqtt', { modelId: THERMOSTAT });
          registrationMs.push(performance.now() - t0);
        } catch (error) {
          failed++;
          if (failed <= 2) log(`${id}: ${(error as Error).message}`);
        }
      }),
    );
    const webhookMs = allocations.filter((call) => call.ok).map((call) => call.ms);
    Object.assign(result, {
      allocation_p50_ms: round(percentile(webhookMs, 0.5)),
      allocation_p95_ms: round(percentile(webhookMs, 0.95)),
      allocation_calls: allocations.length,
      registration_p95_ms: round(percentile(registrationMs, 0.95)),
      registrations_failed: failed,
      registration_phase_s: round((performance.now() - started) / 1000),
    });
    log(`allocation p95 ${result.allocation_p95_ms} ms (${webhookMs.length} calls)`);
    const reasons = new Map<string, number>();
    for (const call of allocations.filter((c) => !c.ok)) reasons.set(String(call.reason).slice(0, 120), (reasons.get(String(call.reason).slice(0, 120)) ?? 0) + 1);
    for (const [reason, count] of reasons) log(`${count} allocation calls failed: ${reason}`);

    // The rest of the fleet's twins, then telemetry from every device, one message each per round.
    await runPool(Array.from({ length: DEVICES - REGISTRATIONS }, (_, i) => `bench-dev-${REGISTRATIONS + i}`), 16, async (id) => {
      await twins.upsertDigitalTwin(id, JSON.stringify({ $metadata: { $model: THERMOSTAT }, HubRegistrationId: id }));
    });
    log(`telemetry → twin for ${DEVICES} devices, ${TELEMETRY_MS} ms`);
    await host.flush();
    const before = updated;
    const t0 = performance.now();
    let round_ = 0;
    while (performance.now() - t0 < TELEMETRY_MS) {
      for (let i = 0; i < DEVICES; i++) host.send({ type: 'telemetry', deviceId: `bench-dev-${i}`, body: { Temperature: 20 + ((i + round_) % 10) }, properties: { dtId: `bench-dev-${i}` } });
      await host.flush();
      round_++;
    }
    const elapsed = (performance.now() - t0) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 600)); // the host reports counts every 500 ms
    Object.assign(result, { twin_updates_per_s: round((updated - before) / elapsed), telemetry_rounds: round_, telemetry_phase_s: round(elapsed) });
    const sample = await twins.getDigitalTwin('bench-dev-0');
    result.sample_temperature_set = typeof sample.body.Temperature === 'number' ? 1 : 0;
    result.loadavg_1m_end = round(loadavg()[0] ?? 0, 2);
  } catch (error) {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await host?.stop();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
