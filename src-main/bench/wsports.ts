// `npm run bench -- wsports`: what MQTT over WebSockets costs against MQTT over TLS on the same
// sandbox, through the official SDKs' MqttWs transports (DPS and hub). The sandbox runs as its own
// child process, as the console starts it; its ports are free ones, so the agent tells MqttWs
// (which always dials 443) where 443 is. Progress on stderr, one JSON object as the last stdout line.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client as DeviceClient } from 'azure-iot-device';
import type { IndividualEnrollment } from 'azure-iot-provisioning-service/dist/interfaces.js';
import { redactSecrets } from '../security/redact.ts';
import { deviceOverMqttWs, provisionOverMqttWs, webSocketAgent } from '../sandbox/server/ws-test-clients.ts';
import { nodeSandboxCommand } from '../services/sandbox/sandbox-command.ts';
import { startSandboxProcess } from '../services/sandbox/sandbox-process.ts';
import { percentile, round, runPool } from './support/measure.ts';
import { runMethodRoundTrips } from './support/roundtrip-phase.ts';
import { deriveDeviceKey, openDevice, sandboxClients } from './support/sandbox-clients.ts';

const DEVICES = Number(process.env.BENCH_WS_DEVICES ?? 100);
const CONCURRENCY = Number(process.env.BENCH_WS_CONCURRENCY ?? 16);
const ROUNDTRIP_DEVICES = Number(process.env.BENCH_WS_ROUNDTRIP_DEVICES ?? 20);
const ROUNDTRIP_MS = Number(process.env.BENCH_WS_ROUNDTRIP_MS ?? 5_000);

const log = (message: string) => process.stderr.write(`[bench wsports] ${redactSecrets(message)}\n`);
const portOf = (host: string) => Number(host.slice(host.lastIndexOf(':') + 1));

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-wsports-'));
  const sandbox = await startSandboxProcess(nodeSandboxCommand(dataDir), 60_000);
  process.env.PATH = ''; // the SDKs' getos would run lsb_release per connection (see bench/sandbox.ts)
  const result: Record<string, number> = { devices: DEVICES, concurrency: CONCURRENCY, loadavg_1m_start: round(loadavg()[0] ?? 0, 2) };
  const opened: DeviceClient[] = [];
  try {
    const clients = sandboxClients(sandbox.info);
    const group = await clients.factory.provisioningService().createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'bench-ws', attestation: { type: 'symmetricKey' }, provisioningStatus: 'enabled' } as never);
    const groupKey = (group.responseBody as unknown as IndividualEnrollment).attestation.symmetricKey?.primaryKey as string;
    const dpsAgent = webSocketAgent(clients.caPem, { port: portOf(sandbox.info.provisioningHost) });

    log(`registering ${DEVICES} devices over MqttWs, ${CONCURRENCY} at a time`);
    const registered: { id: string; key: string; hub: string }[] = [];
    const registerMs: number[] = [];
    const started = performance.now();
    await runPool(Array.from({ length: DEVICES }, (_, i) => `ws-${String(i).padStart(4, '0')}`), CONCURRENCY, async (id) => {
      const key = deriveDeviceKey(groupKey, id);
      const t0 = performance.now();
      const state = await provisionOverMqttWs(sandbox.info.provisioningHost, sandbox.info.idScope, id, key, clients.caPem, dpsAgent);
      registerMs.push(performance.now() - t0);
      registered.push({ id, key, hub: state.assignedHub });
    });
    result.ws_registrations_per_s = round(DEVICES / ((performance.now() - started) / 1000));
    result.ws_registration_p95_ms = round(percentile(registerMs, 0.95));

    const hub = registered[0]?.hub as string;
    const sameHub = registered.filter((d) => d.hub === hub).slice(0, ROUNDTRIP_DEVICES);
    const connectMs: number[] = [];
    const wsDevices = await Promise.all(
      sameHub.map(async (d) => {
        const client = await deviceOverMqttWs(d.hub, d.id, d.key, clients.caPem, webSocketAgent(clients.caPem, { port: portOf(d.hub) }));
        const t0 = performance.now();
        await client.open();
        connectMs.push(performance.now() - t0);
        opened.push(client);
        return { deviceId: d.id, client };
      }),
    );
    result.ws_connect_p95_ms = round(percentile(connectMs, 0.95));
    log(`method round trips over MqttWs with ${wsDevices.length} devices for ${ROUNDTRIP_MS} ms`);
    const service = clients.factory.serviceClient(hub);
    const ws = await runMethodRoundTrips(service, wsDevices, ROUNDTRIP_MS);
    Object.assign(result, { ws_method_roundtrips_per_s: round(ws.perS), ws_method_roundtrip_p95_ms: round(percentile(ws.latenciesMs, 0.95)), ws_method_failures: ws.failed });
    await Promise.all(opened.splice(0).map((client) => client.close()));

    log('the same over MQTT on TLS, for comparison');
    const tlsDevices = await Promise.all(sameHub.map(async (d) => ({ deviceId: d.id, client: await openDevice(clients, d.hub, d.id, d.key) })));
    opened.push(...tlsDevices.map((d) => d.client));
    const tls = await runMethodRoundTrips(service, tlsDevices, ROUNDTRIP_MS);
    Object.assign(result, { tls_method_roundtrips_per_s: round(tls.perS), tls_method_roundtrip_p95_ms: round(percentile(tls.latenciesMs, 0.95)), tls_method_failures: tls.failed });
    result.loadavg_1m_end = round(loadavg()[0] ?? 0, 2);
  } finally {
    await Promise.allSettled(opened.map((client) => client.close()));
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
