// `npm run bench -- devices`: the devices area against a console's own sandbox (keys in
// shared/design/benchmarks.md). Starts `provisioning-bench serve` on a temp dir, fills hub 1 with
// BENCH_DEVICES devices through the registry's bulk API (1% tagged), times the first page of a tag
// query through the console's DevicesService, then drives the Devices monitor in Chromium while
// device SDK clients in worker processes send telemetry (the live rate, bounded by what the senders
// manage on this machine), then again from what the hub holds (the replay rate: the monitor's own
// pace, reported as monitor_msgs_per_s), reading the renderer's longest main-thread task over both
// (PerformanceObserver 'longtask'). Last stdout line: one JSON object.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import { redactSecrets } from '../security/redact.ts';
import { AzureClientFactory } from '../services/azure/client-factory.ts';
import { DevicesService } from '../services/devices/devices-service.ts';
import { DevicesStore } from '../services/devices/devices-store.ts';
import { EventLog } from '../services/event-log/event-log.ts';
import { generateSymmetricKey } from '../services/keys/device-key.ts';
import { ConsoleStore } from '../services/store/console-store.ts';
import { percentile, round, runPool } from './support/measure.ts';
import { runTelemetryPhase } from './support/telemetry-phase.ts';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const TAGGED_EVERY = 100;
const SENDERS = Number(process.env.BENCH_MONITOR_DEVICES ?? 40);
const MONITOR_MS = Number(process.env.BENCH_MONITOR_MS ?? 10_000);
const log = (message: string) => process.stderr.write(`[bench devices] ${redactSecrets(message)}\n`);

async function startConsole(dataDir: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['bin/provisioning-bench.mjs', 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  return { url: (JSON.parse(String(line.value)) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}

async function hubTarget(dataDir: string): Promise<AzureClientFactory> {
  for (let i = 0; i < 300; i++) {
    try {
      const config = JSON.parse(readFileSync(join(dataDir, 'sandbox', 'sandbox.json'), 'utf8')) as { hubs: { port: number; ownerKey: string }[] };
      const hub = config.hubs[0];
      if (hub && hub.port > 0) {
        const endpoint = { host: `127.0.0.1:${hub.port}`, auth: { kind: 'sas' as const, policyName: 'iothubowner', key: hub.ownerKey } };
        const extraCaPem = readFileSync(join(dataDir, 'sandbox', 'ca.pem'), 'utf8');
        return new AzureClientFactory({ profileId: 'sandbox', kind: 'sandbox', dps: endpoint, idScope: 'x', deviceProvisioningHost: endpoint.host, hubs: [endpoint], extraCaPem }, { timeoutMs: 120_000 });
      }
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the console did not start its sandbox');
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-devices-'));
  const result: Record<string, number> = { devices: DEVICES, cpus: cpus().length, loadavg_1m_start: round(loadavg()[0] ?? 0, 2) };
  const console_ = await startConsole(dataDir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(console_.url);
    await page.getByTestId('app-ready').waitFor({ state: 'attached', timeout: 60_000 });
    const factory = await hubTarget(dataDir);
    const hubHost = factory.hubHosts()[0]!;
    const registry = factory.registry(hubHost);

    // 100,000 identities through the bulk API, 100 per call; every 100th gets a site tag.
    const keys = new Map<string, string>();
    const started = performance.now();
    const chunks = Array.from({ length: Math.ceil(DEVICES / 100) }, (_, c) => c);
    await runPool(chunks, 8, async (c) => {
      const devices = Array.from({ length: Math.min(100, DEVICES - c * 100) }, (_, i) => {
        const deviceId = `bench-${String(c * 100 + i).padStart(6, '0')}`;
        const primaryKey = generateSymmetricKey();
        if (keys.size < SENDERS) keys.set(deviceId, primaryKey);
        return { deviceId, status: 'enabled', authentication: { type: 'sas', symmetricKey: { primaryKey, secondaryKey: generateSymmetricKey() } } };
      });
      await registry.addDevices(devices as never);
    });
    result.seed_devices_s = round((performance.now() - started) / 1000, 1);
    const tagged = Array.from({ length: Math.floor(DEVICES / TAGGED_EVERY) }, (_, i) => `bench-${String(i * TAGGED_EVERY).padStart(6, '0')}`);
    await runPool(tagged, 16, async (id) => void (await registry.updateTwin(id, { tags: { site: 'osaka' } }, '*')));
    log(`seeded ${DEVICES} devices (${tagged.length} tagged) in ${result.seed_devices_s} s`);

    // The console's own path: DevicesService → Registry.createQuery → the hub.
    const store = new ConsoleStore(join(dataDir, 'bench-store'));
    const devices = new DevicesService({ profiles: { activeId: async () => 'sandbox', activeClients: async () => factory, useActive: (_w, run) => run(factory) }, store: new DevicesStore(store), eventLog: new EventLog(store) });
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const first = await devices.query(hubHost, "SELECT * FROM devices WHERE tags.site = 'osaka'", 100);
      samples.push(performance.now() - t0);
      if (first.items.length !== Math.min(100, tagged.length)) throw new Error(`first page held ${first.items.length} devices`);
    }
    result.first_page_ms = round(percentile(samples, 0.5));
    result.first_page_max_ms = round(Math.max(...samples));
    store.close();
    log(`first page of a tag query: median ${result.first_page_ms} ms`);

    // The monitor in Chromium: every message of SENDERS devices, batched by the main process.
    await page.goto(`${new URL(console_.url).origin}/#/devices/${encodeURIComponent(hubHost)}/~monitor`);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    // Main-process code has no DOM types: the page-side script goes as text.
    await page.evaluate(`window.longest = 0; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longest = Math.max(window.longest, e.duration); }).observe({ type: 'longtask' });`);
    const caPath = join(dataDir, 'sandbox', 'ca.pem');
    const senders = [...keys].map(([deviceId, key]) => ({ hostName: hubHost, deviceId, key }));
    const counter = page.getByTestId('monitor-count');
    const received = async () => Number(await counter.getAttribute('data-received'));
    /** Waits (up to 20 s) until the view has received `count` messages; returns when it had, or null. */
    const shownAll = async (count: number): Promise<number | null> => {
      for (let i = 0; i < 400; i++) {
        if ((await received()) >= count) return Date.now();
        await page.waitForTimeout(50);
      }
      return null;
    };
    const phase = await runTelemetryPhase(senders, caPath, 2, MONITOR_MS, 8);
    // Live: what the view received from the moment the devices started sending until it had them all.
    const sendingStarted = Date.now() - phase.acked / (phase.msgsPerS / 1000);
    const liveDone = (await shownAll(phase.acked)) ?? Date.now();
    const live = await received();
    result.monitor_sent_msgs_per_s = round(phase.msgsPerS);
    result.monitor_live_received = live;
    result.monitor_live_msgs_per_s = round(live / ((liveDone - sendingStarted) / 1000));

    // Replay: the same hub's retained messages, started from 'recent'; the view's own pace, not the senders'.
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await page.getByRole('combobox', { name: 'Start from' }).click();
    await page.getByRole('option', { name: 'What the hub holds', exact: true }).click();
    const replayStarted = Date.now();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const replayDone = (await shownAll(phase.acked)) ?? Date.now();
    const replayed = await received();
    result.monitor_replay_received = replayed;
    result.monitor_msgs_per_s = round(replayed / ((replayDone - replayStarted) / 1000));
    result.monitor_longest_task_ms = round(Number(await page.evaluate('window.longest')));
    result.loadavg_1m_end = round(loadavg()[0] ?? 0, 2);
  } finally {
    await browser.close();
    console_.stop();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    rmSync(dataDir, { recursive: true, force: true });
  }
  writeFileSync(1, `${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
