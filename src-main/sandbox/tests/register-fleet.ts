// A fleet of devices registering at once over MQTT, in its own process: the crash test's devices.
// Prints one JSON line per device as soon as its registration settles.
//
// Runs apart from the test runner because of a defect in azure-iot-provisioning-device-mqtt 1.8.x:
// when the connection drops while its transport is already 'disconnected', the 'error' handler
// calls disconnect(err) without a callback and throws "callback is not a function" out of an
// event handler. Against Azure the same happens on any network cut; here it is filtered by name.
import { readFileSync } from 'node:fs';
import { registerDevice } from '../../bench/support/sandbox-clients.ts';
import type { SandboxInfo } from '../../services/sandbox/sandbox-info.ts';

export interface FleetInput {
  provisioningHost: string;
  idScope: string;
  caCertificatePath: string;
  devices: Array<{ id: string; key: string }>;
  /** Device i starts i × staggerMs after the first, so registrations overlap rather than land as one burst. */
  staggerMs: number;
}

process.on('uncaughtException', (error) => {
  if (error instanceof TypeError && error.message === 'callback is not a function' && error.stack?.includes('azure-iot-provisioning-device-mqtt')) return;
  process.stderr.write(`${error.stack ?? String(error)}\n`);
  process.exit(1);
});

const input = JSON.parse(process.env.FLEET_INPUT ?? '{}') as FleetInput;
const caPem = readFileSync(input.caCertificatePath, 'utf8');
// registerDevice needs only the device-side fields of the endpoints.
const clients = { info: { provisioningHost: input.provisioningHost, idScope: input.idScope } as SandboxInfo, caPem, factory: null as never };

const startAfter = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

await Promise.all(
  input.devices.map(({ id, key }, i) =>
    startAfter(i * input.staggerMs).then(() => registerDevice(clients, id, key)).then(
      (state) => process.stdout.write(`${JSON.stringify({ id, status: state.status, assignedHub: state.assignedHub, deviceId: state.deviceId })}\n`),
      (error: unknown) => process.stdout.write(`${JSON.stringify({ id, error: (error as Error).name || 'Error' })}\n`),
    ),
  ),
);
process.exit(0);
