import type { Client as DeviceClient, DeviceMethodRequest, DeviceMethodResponse, Twin } from 'azure-iot-device';
import type { DeviceRunner, RunnerHost } from './device-runner.ts';
import { describe } from './describe-error.ts';
import { reportProperties } from './report-properties.ts';
import { runFirmwareUpdate } from './firmware-update.ts';

type MethodHandler = (request: DeviceMethodRequest) => Promise<{ status: number; payload: unknown; delayMs?: number }>;

/**
 * What a connected device does besides telemetry: reports how it was provisioned, applies and
 * acknowledges desired properties, answers direct methods (built-in and configured), and takes
 * cloud-to-device messages. Registered on each new client.
 */
export async function attachBehaviours(runner: DeviceRunner, client: DeviceClient, host: RunnerHost, generation: number): Promise<void> {
  const live = () => runner.generation === generation && runner.client === client;
  const handlers = methodHandlers(runner, client, host);
  for (const [name, handler] of handlers) {
    client.onDeviceMethod(name, (request: DeviceMethodRequest, response: DeviceMethodResponse) => {
      if (!live()) return;
      if (host.faultActive('stop-answering', runner.id)) {
        host.log(runner.id, 'warn', `method ${name} not answered (fault: stop answering)`);
        return;
      }
      host.log(runner.id, 'info', `method ${name} called`);
      void handler(request)
        .then(async ({ status, payload, delayMs }) => {
          if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (live()) await response.send(status, payload as never);
        })
        .catch((error: unknown) => runner.fail(`method ${name} not answered: ${describe(error)}`));
    });
  }
  client.on('message', (message: { data: Buffer; messageId?: string }) => {
    if (!live()) return;
    host.log(runner.id, 'info', `cloud-to-device message ${message.messageId ?? ''}: ${String(message.data).slice(0, 200)}`.replace('  ', ' '));
    client.complete(message as never).catch((error: unknown) => runner.fail(`cloud-to-device message not completed: ${describe(error)}`));
  });
  let twin: Twin;
  try {
    twin = await client.getTwin();
  } catch (error) {
    if (live()) runner.fail(`twin not available: ${describe(error)}`);
    return;
  }
  if (!live()) return;
  await reportProvisioning(runner, twin, host);
  twin.on('properties.desired', (desired: Record<string, unknown>) => {
    if (live()) applyDesired(runner, twin, host, desired);
  });
}

async function reportProvisioning(runner: DeviceRunner, twin: Twin, host: RunnerHost): Promise<void> {
  const provisioning = {
    status: 'assigned',
    registrationId: runner.id,
    deviceId: runner.connection?.deviceId ?? null,
    assignedHub: runner.connection?.assignedHub ?? null,
    reportedAt: new Date().toISOString(),
  };
  try {
    await reportProperties(twin, { provisioning });
    host.event(runner.id, 'status-reported', 'ok', { status: 'assigned' });
  } catch (error) {
    host.event(runner.id, 'status-reported', 'failed', { reason: describe(error) });
    runner.fail(`provisioning status not reported: ${describe(error)}`);
  }
}

/** `telemetryInterval` is in seconds (the Plug and Play convention); acknowledged with ac/av. */
function applyDesired(runner: DeviceRunner, twin: Twin, host: RunnerHost, desired: Record<string, unknown>): void {
  const version = typeof desired.$version === 'number' ? desired.$version : null;
  const value = desired.telemetryInterval;
  if (value === undefined) return;
  const seconds = Number(value);
  const valid = Number.isFinite(seconds) && seconds >= 0.1 && seconds <= 86_400;
  if (valid) runner.setInterval(Math.round(seconds * 1000));
  const ack = { value, ac: valid ? 200 : 400, av: version, ad: valid ? 'applied' : 'telemetryInterval must be seconds between 0.1 and 86400' };
  host.log(runner.id, valid ? 'info' : 'warn', `desired telemetryInterval ${String(value)}: ${ack.ad}`);
  reportProperties(twin, { telemetryInterval: ack }).catch((error: unknown) => runner.fail(`desired property not acknowledged: ${describe(error)}`));
}

function methodHandlers(runner: DeviceRunner, client: DeviceClient, host: RunnerHost): Map<string, MethodHandler> {
  const handlers = new Map<string, MethodHandler>();
  handlers.set('reboot', async (request) => {
    const reprovision = Boolean((request.payload as { reprovision?: unknown } | null)?.reprovision);
    setTimeout(() => {
      void runner.disconnect('rebooting').then(() => runner.start(reprovision));
    }, 50);
    return { status: 200, payload: { rebooting: true, reprovision } };
  });
  handlers.set('setTelemetryInterval', async (request) => {
    const payload = request.payload as { seconds?: unknown } | number | null;
    const seconds = Number(typeof payload === 'object' && payload !== null ? payload.seconds : payload);
    if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 86_400) return { status: 400, payload: { error: 'give seconds between 0.1 and 86400, as a number or {"seconds": n}' } };
    runner.setInterval(Math.round(seconds * 1000));
    return { status: 200, payload: { telemetryIntervalSeconds: seconds } };
  });
  handlers.set('firmwareUpdate', async (request) => {
    const version = String((request.payload as { version?: unknown } | null)?.version ?? '');
    if (!version) return { status: 400, payload: { error: 'give {"version": "x.y.z"}' } };
    void runFirmwareUpdate(runner, client, host, version);
    return { status: 202, payload: { accepted: version } };
  });
  for (const method of host.config.methods) {
    handlers.set(method.name, async () => ({ status: method.status, payload: method.payload, delayMs: method.delayMs }));
  }
  return handlers;
}
