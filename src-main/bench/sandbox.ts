// `npm run bench -- sandbox`: the sandbox under load through the official SDKs (keys and targets in
// shared/design/benchmarks.md). The sandbox runs as its own child process, exactly as the console
// starts it; the SDK clients run here, the telemetry devices in BENCH_CLIENT_PROCESSES workers.
// Prints progress on stderr and one JSON object as the last stdout line.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndividualEnrollment } from 'azure-iot-provisioning-service/dist/interfaces.js';
import { redactSecrets } from '../security/redact.ts';
import { nodeSandboxCommand } from '../services/sandbox/sandbox-command.ts';
import { startSandboxProcess } from '../services/sandbox/sandbox-process.ts';
import { cpuTimeMs, peakRssMb, percentile, round, runPool } from './support/measure.ts';
import { runMethodRoundTrips, runTwinRoundTrips, type RoundTripDevice } from './support/roundtrip-phase.ts';
import { deriveDeviceKey, openDevice, registerDevice, sandboxClients } from './support/sandbox-clients.ts';
import { runTelemetryPhase } from './support/telemetry-phase.ts';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
// Latency ≈ concurrency / rate (Little's law): past the point where the one client process and the
// sandbox share two cores fully, more in flight only adds queueing. 16 saturates a 2-core machine.
const REGISTER_CONCURRENCY = Number(process.env.BENCH_REGISTER_CONCURRENCY ?? 16);
const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 2);
const TELEMETRY_MS = Number(process.env.BENCH_TELEMETRY_MS ?? 10_000);
const TELEMETRY_WINDOW = Number(process.env.BENCH_TELEMETRY_WINDOW ?? 4);
const ROUNDTRIP_DEVICES = Number(process.env.BENCH_ROUNDTRIP_DEVICES ?? 20);
const ROUNDTRIP_MS = Number(process.env.BENCH_ROUNDTRIP_MS ?? 5_000);

const log = (message: string) => process.stderr.write(`[bench sandbox] ${redactSecrets(message)}\n`);

interface Provisioned {
  hostName: string;
  deviceId: string;
  key: string;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-sandbox-'));
  const sandbox = await startSandboxProcess(nodeSandboxCommand(dataDir), 60_000);
  // The device SDKs build their user agent with getos, which runs `lsb_release -a` (a Python script
  // on Debian, ~200 ms) for every registration and every connection. Where that runs it would
  // measure Python start-up on the shared cores, not the sandbox; without it on PATH, getos falls
  // back to /etc/os-release. The sandbox child was started above with the untouched environment.
  const skipLsbRelease = process.env.BENCH_KEEP_LSB_RELEASE !== '1';
  if (skipLsbRelease) process.env.PATH = '';
  const result: Record<string, number> = {
    devices: DEVICES,
    register_concurrency: REGISTER_CONCURRENCY,
    client_processes: CLIENT_PROCESSES,
    client_lsb_release_skipped: skipLsbRelease ? 1 : 0,
    // Context for reading the numbers: on a shared machine every hop waits for a core.
    cpus: cpus().length,
    loadavg_1m_start: round(loadavg()[0] ?? 0, 2),
  };
  try {
    const clients = sandboxClients(sandbox.info);
    const groupId = 'bench-group';
    const group = await clients.factory.provisioningService().createOrUpdateEnrollmentGroup({
      enrollmentGroupId: groupId,
      attestation: { type: 'symmetricKey' },
      provisioningStatus: 'enabled',
    } as never);
    const groupKey = (group.responseBody as unknown as IndividualEnrollment).attestation.symmetricKey?.primaryKey;
    if (!groupKey) throw new Error('the enrollment group came back without a key');

    log(`registering ${DEVICES} devices, ${REGISTER_CONCURRENCY} at a time (each a fresh TLS connection)`);
    const ids = Array.from({ length: DEVICES }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
    const latencies: number[] = [];
    const provisioned: Provisioned[] = [];
    let registrationFailures = 0;
    const regCpuStart = cpuTimeMs(sandbox.pid);
    const clientCpuStart = process.cpuUsage();
    const regStarted = performance.now();
    await runPool(ids, REGISTER_CONCURRENCY, async (id) => {
      const key = deriveDeviceKey(groupKey, id);
      const t0 = performance.now();
      try {
        const state = await registerDevice(clients, id, key);
        latencies.push(performance.now() - t0);
        if (state.assignedHub && state.deviceId) provisioned.push({ hostName: state.assignedHub, deviceId: state.deviceId, key });
      } catch (error) {
        registrationFailures += 1;
        if (registrationFailures <= 3) log(`registration of ${id} failed: ${(error as Error).message}`);
      }
    });
    const regSeconds = (performance.now() - regStarted) / 1000;
    const regCpuMs = (cpuTimeMs(sandbox.pid) ?? Number.NaN) - (regCpuStart ?? Number.NaN);
    const clientCpu = process.cpuUsage(clientCpuStart);
    Object.assign(result, {
      registrations_per_s: round(latencies.length / regSeconds),
      registration_p50_ms: round(percentile(latencies, 0.5)),
      registration_p95_ms: round(percentile(latencies, 0.95)),
      registration_failures: registrationFailures,
      // Sandbox CPU per registration: what the sandbox costs, apart from the clients and the machine's load.
      sandbox_cpu_ms_per_registration: round(regCpuMs / Math.max(1, latencies.length), 2),
      sandbox_cpu_share_registrations: round(regCpuMs / 1000 / regSeconds, 2),
      // The registering SDK clients all run in this one process: near 1.0 means they are the limit.
      client_cpu_share_registrations: round((clientCpu.user + clientCpu.system) / 1e6 / regSeconds, 2),
    });
    log(`registrations: ${JSON.stringify(result)}`);

    log(`telemetry: ${provisioned.length} devices over ${CLIENT_PROCESSES} client processes, ${TELEMETRY_WINDOW} in flight each, for ${TELEMETRY_MS} ms`);
    const telCpuStart = cpuTimeMs(sandbox.pid);
    const telemetry = await runTelemetryPhase(provisioned, sandbox.info.caCertificatePath, CLIENT_PROCESSES, TELEMETRY_MS, TELEMETRY_WINDOW);
    Object.assign(result, {
      telemetry_devices_connected: telemetry.connected,
      telemetry_window_per_device: TELEMETRY_WINDOW,
      telemetry_connect_failures: telemetry.connectFailures,
      telemetry_msgs_per_s: round(telemetry.msgsPerS),
      telemetry_failures: telemetry.failed,
      sandbox_cpu_us_per_msg: round((((cpuTimeMs(sandbox.pid) ?? Number.NaN) - (telCpuStart ?? Number.NaN)) * 1000) / Math.max(1, telemetry.acked), 1),
    });
    log(`telemetry: ${JSON.stringify(telemetry)}`);

    const hubHost = provisioned[0]?.hostName;
    const sample = provisioned.filter((d) => d.hostName === hubHost).slice(0, ROUNDTRIP_DEVICES);
    const devices: RoundTripDevice[] = await Promise.all(sample.map(async (d) => ({ deviceId: d.deviceId, client: await openDevice(clients, d.hostName, d.deviceId, d.key) })));
    const twins = await runTwinRoundTrips(clients.factory.registry(hubHost), devices, ROUNDTRIP_MS);
    const methods = await runMethodRoundTrips(clients.factory.serviceClient(hubHost), devices, ROUNDTRIP_MS);
    await Promise.all(devices.map((d) => d.client.close().catch(() => undefined)));
    Object.assign(result, {
      roundtrip_devices: devices.length,
      twin_roundtrips_per_s: round(twins.perS),
      twin_roundtrip_p95_ms: round(percentile(twins.latenciesMs, 0.95)),
      twin_roundtrip_failures: twins.failed,
      method_roundtrips_per_s: round(methods.perS),
      method_roundtrip_p95_ms: round(percentile(methods.latenciesMs, 0.95)),
      method_roundtrip_failures: methods.failed,
    });
    result.peak_rss_mb = round(peakRssMb(sandbox.pid) ?? Number.NaN);
    result.loadavg_1m_end = round(loadavg()[0] ?? 0, 2);
  } finally {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
