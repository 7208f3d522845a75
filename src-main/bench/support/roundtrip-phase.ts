import type { Client as DeviceClient, Twin } from 'azure-iot-device';
import type { Registry, Client as ServiceClient } from 'azure-iothub';

const ECHO_TIMEOUT_MS = 10_000;

export interface RoundTripResult {
  count: number;
  failed: number;
  perS: number;
  latenciesMs: number[];
}

export interface RoundTripDevice {
  deviceId: string;
  client: DeviceClient;
}

/** Runs one loop per device for `durationMs`, each awaiting its own round trip before the next. */
async function loopFor(devices: readonly RoundTripDevice[], durationMs: number, once: (d: RoundTripDevice, seq: number) => Promise<void>): Promise<RoundTripResult> {
  const latenciesMs: number[] = [];
  let failed = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    devices.map(async (d) => {
      for (let seq = 1; performance.now() < deadline; seq++) {
        const t0 = performance.now();
        try {
          await once(d, seq);
          latenciesMs.push(performance.now() - t0);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  return { count: latenciesMs.length, failed, perS: latenciesMs.length / elapsedS, latenciesMs };
}

/** service → device → service: invokeDeviceMethod answered by the device's handler. */
export async function runMethodRoundTrips(service: ServiceClient, devices: readonly RoundTripDevice[], durationMs: number): Promise<RoundTripResult> {
  for (const d of devices) {
    d.client.onDeviceMethod('echo', (request, response) => {
      response.send(200, request.payload, () => undefined);
    });
  }
  return loopFor(devices, durationMs, async (d, seq) => {
    const result = await service.invokeDeviceMethod(d.deviceId, { methodName: 'echo', payload: { seq }, responseTimeoutInSeconds: 10 });
    const payload = (result.result as { payload?: { seq?: number } }).payload;
    if (payload?.seq !== seq) throw new Error('method echoed the wrong payload');
  });
}

/**
 * service → device → service through the twin: the service patches a desired property, the
 * device sees the patch and reports it back; done when the hub acknowledged the reported patch.
 */
export async function runTwinRoundTrips(registry: Registry, devices: readonly RoundTripDevice[], durationMs: number): Promise<RoundTripResult> {
  const waiting = new Map<string, { seq: number; done: () => void; fail: (e: Error) => void }>();
  await Promise.all(
    devices.map(async (d) => {
      const twin: Twin = await d.client.getTwin();
      twin.on('properties.desired', (delta: { benchSeq?: number }) => {
        const waiter = waiting.get(d.deviceId);
        if (!waiter || delta.benchSeq !== waiter.seq) return;
        twin.properties.reported.update({ benchSeq: waiter.seq }, (error?: Error) => (error ? waiter.fail(error) : waiter.done()));
      });
    }),
  );
  return loopFor(devices, durationMs, async (d, seq) => {
    let timer: NodeJS.Timeout | undefined;
    const echoed = new Promise<void>((done, fail) => {
      waiting.set(d.deviceId, { seq, done, fail });
      timer = setTimeout(() => fail(new Error('the device never reported the patch back')), ECHO_TIMEOUT_MS);
    });
    try {
      await registry.updateTwin(d.deviceId, { properties: { desired: { benchSeq: seq } } }, '*');
      await echoed;
    } finally {
      clearTimeout(timer);
    }
  });
}
