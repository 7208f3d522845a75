// A small fleet for the digital-twins e2e spec: registers devices of a symmetric-key enrollment
// group with `modelId` in their provisioning payload (official SDKs), then sends Temperature
// telemetry from each for a few rounds. Input: TWINS_FLEET_INPUT (JSON); one JSON line per step on stdout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Client as DeviceClient } from 'azure-iot-device';
import { registerWithKey } from '../../sandbox/dps/dps-test-clients.ts';
import { deriveDeviceKey } from '../../services/keys/device-key.ts';

export interface TwinsFleetInput {
  provisioningHost: string;
  idScope: string;
  caPath: string;
  groupKey: string;
  deviceIds: string[];
  modelId: string;
  rounds: number;
  intervalMs: number;
}

const require = createRequire(import.meta.url);
const { Client, Message } = require('azure-iot-device') as { Client: { fromConnectionString(cs: string, transport: unknown): DeviceClient }; Message: new (body: string) => unknown };
const { Mqtt } = require('azure-iot-device-mqtt') as { Mqtt: unknown };
const say = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** Sends with a few retries: on a loaded machine a connection may drop and come back between rounds. */
async function send(client: DeviceClient, body: string, attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.sendEvent(new Message(body) as never);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await client.open().catch(() => undefined);
    }
  }
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.TWINS_FLEET_INPUT ?? '{}') as TwinsFleetInput;
  const ca = readFileSync(input.caPath, 'utf8');
  // All at once, as a fleet powering up does; each connects once it is assigned.
  const clients: DeviceClient[] = await Promise.all(
    input.deviceIds.map(async (id) => {
      const key = deriveDeviceKey(input.groupKey, id);
      const result = await registerWithKey(input.provisioningHost, input.idScope, id, key, ca, 'mqtt', { modelId: input.modelId });
      say({ registered: id, hub: result.assignedHub });
      const client = Client.fromConnectionString(`HostName=${result.assignedHub};DeviceId=${id};SharedAccessKey=${key}`, Mqtt);
      await client.setOptions({ ca });
      // The SDK reconnects on its own; an unheard 'error' event would end the process instead.
      client.on('error', (error: Error) => process.stderr.write(`twins fleet: ${id}: ${error.message}\n`));
      await client.open();
      return client;
    }),
  );
  for (let round = 0; round < input.rounds; round++) {
    await Promise.all(clients.map((client, i) => send(client, JSON.stringify({ Temperature: 20 + i + round }))));
    say({ round });
    await new Promise((resolve) => setTimeout(resolve, input.intervalMs));
  }
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  say({ done: true });
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`twins fleet: ${(error as Error).message}\n`);
  process.exit(1);
});
