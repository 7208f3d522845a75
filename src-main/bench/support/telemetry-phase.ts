import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { TelemetryWorkerInput, TelemetryWorkerResult } from './telemetry-worker.ts';

const WORKER = fileURLToPath(new URL('./telemetry-worker.ts', import.meta.url));

export interface TelemetryPhaseResult {
  connected: number;
  connectFailures: number;
  acked: number;
  failed: number;
  msgsPerS: number;
}

interface Worker {
  lines: AsyncIterator<string>;
  go(): void;
}

function startWorker(input: TelemetryWorkerInput): Worker {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, BENCH_TELEMETRY_INPUT: JSON.stringify(input) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { lines, go: () => child.stdin.write('go\n') };
}

async function nextJson<T>(worker: Worker): Promise<T> {
  const { value, done } = await worker.lines.next();
  if (done) throw new Error('a telemetry worker exited early');
  return JSON.parse(value) as T;
}

/**
 * Connects the devices split across `processes` client processes, starts them sending at once,
 * and counts acknowledged messages: the sandbox's ingest rate with every device connected.
 */
export async function runTelemetryPhase(devices: TelemetryWorkerInput['devices'], caPath: string, processes: number, durationMs: number, window: number): Promise<TelemetryPhaseResult> {
  const shares = Array.from({ length: processes }, (_, p) => devices.filter((_d, i) => i % processes === p));
  const workers = shares.map((share) => startWorker({ caPath, durationMs, connectConcurrency: 50, window, devices: share }));
  await Promise.all(workers.map((w) => nextJson<{ ready: number }>(w)));
  for (const w of workers) w.go();
  const results = await Promise.all(workers.map((w) => nextJson<TelemetryWorkerResult>(w)));
  const sum = (key: keyof TelemetryWorkerResult) => results.reduce((total, r) => total + r[key], 0);
  const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
  return {
    connected: sum('connected'),
    connectFailures: sum('connectFailures'),
    acked: sum('acked'),
    failed: sum('failed'),
    msgsPerS: sum('acked') / (elapsedMs / 1000),
  };
}
