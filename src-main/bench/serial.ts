// `npm run bench -- serial`: a full verified credential push (detect, identify, derive, send,
// verify, commit; register excluded) at 115200 over a socat pty pair to the real Python agent, and
// a batch of 20 devices through the real batch task. Keys and targets: shared/design/benchmarks.md.
// Progress on stderr; one JSON object as the last stdout line.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchRequestSchema } from '../../src-shared/contract/channels/serial.ts';
import { EventBus } from '../events/event-bus.ts';
import { EventLog } from '../services/event-log/event-log.ts';
import { deriveDeviceKey, generateSymmetricKey } from '../services/keys/device-key.ts';
import { pushOverPort } from '../services/serial/push-over-port.ts';
import { SERIAL_BATCH_KIND, defineSerialBatch } from '../services/serial/serial-batch.ts';
import { SerialService } from '../services/serial/serial-service.ts';
import { startAgent } from '../services/serial/testing/agent-process.ts';
import { openPtyPair } from '../services/serial/testing/pty-pair.ts';
import { ConsoleStore } from '../services/store/console-store.ts';
import { Tasks } from '../services/tasks/tasks.ts';
import { percentile, round } from './support/measure.ts';

const PUSHES = Number(process.env.BENCH_SERIAL_PUSHES ?? 10);
const BATCH = Number(process.env.BENCH_SERIAL_BATCH ?? 20);
const log = (message: string) => process.stderr.write(`[bench serial] ${message}\n`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-serial-'));
  const pair = await openPtyPair();
  const agent = startAgent({ port: pair.device, stateDir: join(dir, 'agent'), serial: 'bench-pi', register: false });
  const groupKey = generateSymmetricKey();
  const deriveKey = (id: string) => deriveDeviceKey(groupKey, id);
  const plan = { idScope: '0ne0012ABCD', globalEndpoint: 'global.azure-devices-provisioning.net', register: false };
  await agent.ready();
  const store = new ConsoleStore(dir);
  const events = new EventBus();
  const tasks = new Tasks(store, events);
  try {
    // Warm-up: the agent's Python start-up is not part of a push.
    await pushOverPort({ ...plan, registrationId: 'bench-warmup' }, { path: pair.host, deriveKey, timeouts: { identifyMs: 20_000 } });
    const times: number[] = [];
    for (let i = 0; i < PUSHES; i++) {
      const started = performance.now();
      await pushOverPort({ ...plan, registrationId: `bench-dev-${i}` }, { path: pair.host, baudRate: 115200, deriveKey });
      times.push(performance.now() - started);
    }
    log(`single pushes (ms): ${times.map((t) => Math.round(t)).join(' ')}`);

    const serial = new SerialService({ events, eventLog: new EventLog(store), store, profileId: async () => 'bench', credentials: async () => ({ ...plan, deriveKey }), listPorts: async () => [] });
    defineSerialBatch(tasks, serial);
    const input = batchRequestSchema.parse({
      path: pair.host, groupId: 'bench', register: false, mode: 'csv', advance: 'auto',
      items: Array.from({ length: BATCH }, (_, i) => ({ registrationId: `bench-batch-${i}` })),
    });
    const started = performance.now();
    const job = tasks.start('bench', SERIAL_BATCH_KIND, 'bench batch', input);
    const finished = await tasks.finished('bench', job.id);
    const batchSeconds = (performance.now() - started) / 1000;
    log(`batch of ${BATCH}: ${finished.status}, ${finished.done} passed, ${finished.failed} failed, ${batchSeconds.toFixed(2)} s`);
    serial.dispose();
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(
      JSON.stringify({
        push_ms_per_device: round(mean, 1),
        push_p95_ms: round(percentile(times, 0.95), 1),
        batch20_s: round(batchSeconds, 2),
        batch20_passed: finished.done,
        cores: cpus().length,
        load1: round(loadavg()[0] ?? 0, 2),
      }),
    );
  } finally {
    await tasks.dispose();
    store.close();
    await agent.stop();
    await pair.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
