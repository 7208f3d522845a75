// One client process of the telemetry phase: connects its share of devices with azure-iot-device-mqtt,
// says "ready", waits for "go" on stdin, sends QoS 1 telemetry from every device for the given time
// (`window` messages in flight per device, each awaiting its PUBACK), then prints its counts as JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { Client as DeviceClient } from 'azure-iot-device';
import { redactSecrets } from '../../security/redact.ts';
import { runPool } from './measure.ts';

export interface TelemetryWorkerInput {
  caPath: string;
  durationMs: number;
  connectConcurrency: number;
  /** Messages each device keeps in flight (each waits for its PUBACK before the next). */
  window: number;
  devices: Array<{ hostName: string; deviceId: string; key: string }>;
}

export interface TelemetryWorkerResult {
  connected: number;
  connectFailures: number;
  acked: number;
  failed: number;
  elapsedMs: number;
}

const require = createRequire(import.meta.url);
const { Client, Message } = require('azure-iot-device') as {
  Client: { fromConnectionString(cs: string, transport: unknown): DeviceClient };
  Message: new (body: string) => { properties: { add(k: string, v: string): void } };
};
const { Mqtt } = require('azure-iot-device-mqtt') as { Mqtt: unknown };

async function main(): Promise<void> {
  const input = JSON.parse(process.env.BENCH_TELEMETRY_INPUT ?? '{}') as TelemetryWorkerInput;
  const ca = readFileSync(input.caPath, 'utf8');
  const clients: DeviceClient[] = [];
  let connectFailures = 0;
  await runPool(input.devices, input.connectConcurrency, async (d) => {
    const client = Client.fromConnectionString(`HostName=${d.hostName};DeviceId=${d.deviceId};SharedAccessKey=${d.key}`, Mqtt);
    await client.setOptions({ ca });
    try {
      await client.open();
      clients.push(client);
    } catch (error) {
      connectFailures += 1;
      if (connectFailures <= 2) process.stderr.write(`[telemetry worker] ${d.deviceId} on ${d.hostName} did not connect: ${redactSecrets((error as Error).message)}\n`);
    }
  });
  process.stdout.write(`${JSON.stringify({ ready: clients.length })}\n`);
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

  let acked = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + input.durationMs;
  const lanes = clients.flatMap((client, i) => Array.from({ length: input.window }, () => [client, i] as const));
  await Promise.all(
    lanes.map(async ([client, i]) => {
      let seq = 0;
      while (performance.now() < deadline) {
        const message = new Message(JSON.stringify({ seq: seq++, temperature: 20 + (i % 10), at: Date.now() }));
        message.properties.add('bench', 'telemetry');
        try {
          await client.sendEvent(message as never);
          acked += 1;
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  const result: TelemetryWorkerResult = { connected: clients.length, connectFailures, acked, failed, elapsedMs };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

void main();
