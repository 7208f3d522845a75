import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetOptions } from '../../../src-shared/contract/channels/simulator.ts';
import { findHubEvent, sendCloudToDevice } from './sandbox-hub-requests.ts';
import { startSimulatorHarness, type SimulatorHarness } from './test-support.ts';

// A fleet of 50 in the real child process, through the official SDKs, against a real sandbox.
const COUNT = 50;
let h: SimulatorHarness;
let groupKey = '';
const options: FleetOptions = {
  source: { kind: 'group', groupId: 'fleet-group' },
  count: COUNT,
  telemetry: { intervalMs: 1_000, jitterMs: 100, properties: { site: 'lab' }, source: { kind: 'generators', fields: [{ name: 'temperature', kind: 'sine', min: 18, max: 24, period: 30 }] } },
  methods: [{ name: 'ping', status: 201, payload: { pong: true }, delayMs: 0 }],
};
const allConnected = (s: { counters: { connected: number } }) => s.counters.connected === COUNT;

async function invoke(deviceId: string, methodName: string, payload: unknown, timeoutS = 10) {
  const hub = h.simulator.devices().devices.find((d) => d.id === deviceId)!.hubHost!;
  const result = await h.clients.serviceClient(hub).invokeDeviceMethod(deviceId, { methodName, payload, responseTimeoutInSeconds: timeoutS });
  return result.result as { status: number; payload: unknown };
}

async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const device = (id: string) => h.simulator.devices().devices.find((d) => d.id === id)!;

beforeAll(async () => {
  h = await startSimulatorHarness({ backoffMs: [200] });
  const group = await h.clients.provisioningService().createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'fleet-group', attestation: { type: 'symmetricKey' }, provisioningStatus: 'enabled' } as never);
  groupKey = (group.responseBody as unknown as { attestation: { symmetricKey: { primaryKey: string } } }).attestation.symmetricKey.primaryKey;
  await h.simulator.startFleet(options);
  await h.waitFor((s) => allConnected(s) && s.counters.readyMs !== null, 90_000);
}, 120_000);

afterAll(async () => {
  await h?.dispose();
});

describe('a group fleet against the sandbox', () => {
  it('provisions, connects, reports its status, streams telemetry the hub records, and logs the funnel', async () => {
    const status = h.simulator.status();
    expect(status.counters).toMatchObject({ devices: COUNT, provisioned: COUNT, connected: COUNT, errors: 0 });
    const stats = await Promise.all(h.clients.hubHosts().map((host) => h.clients.sandboxStats(host) as Promise<{ messagesReceived: number }>));
    expect(stats.reduce((sum, s) => sum + s.messagesReceived, 0)).toBeGreaterThanOrEqual(COUNT);
    const first = device('sim-00001');
    const twin = await h.clients.registry(first.hubHost!).getTwin('sim-00001');
    expect((twin.responseBody.properties.reported as Record<string, unknown>).provisioning).toMatchObject({ status: 'assigned', registrationId: 'sim-00001', assignedHub: first.hubHost });
    const kinds = h.eventLog.forDevice('sandbox', 'sim-00001').map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['registration-attempted', 'registered', 'connected', 'first-telemetry', 'status-reported']));
    expect(h.eventLog.forDevice('sandbox', 'sim-00001').every((e) => e.source === 'simulator')).toBe(true);
    // Keys never leave for the renderer's side or the store.
    const visible = JSON.stringify([status, h.simulator.devices(), h.simulator.deviceLog('sim-00001'), h.eventLog.forDevice('sandbox', 'sim-00001')]);
    expect(visible).not.toContain(groupKey);
  }, 30_000);

  it('answers built-in and custom methods, applies and acknowledges a desired telemetryInterval, takes a C2D message', async () => {
    expect(await invoke('sim-00002', 'setTelemetryInterval', { seconds: 2 })).toEqual({ status: 200, payload: { telemetryIntervalSeconds: 2 } });
    await until(() => device('sim-00002').telemetryIntervalMs, (ms) => ms === 2_000);
    expect(await invoke('sim-00002', 'ping', null)).toEqual({ status: 201, payload: { pong: true } });
    const hub = device('sim-00003').hubHost!;
    const registry = h.clients.registry(hub);
    const patched = await registry.updateTwin('sim-00003', { properties: { desired: { telemetryInterval: 3 } } } as never, '*');
    const version = (patched.responseBody.properties.desired as { $version: number }).$version;
    const reported = await until(
      async () => (await registry.getTwin('sim-00003')).responseBody.properties.reported as Record<string, { ac?: number; av?: number }>,
      (r) => r.telemetryInterval?.ac === 200,
    );
    expect(reported.telemetryInterval).toMatchObject({ value: 3, ac: 200, av: version });
    await until(() => device('sim-00003').telemetryIntervalMs, (ms) => ms === 3_000);
    expect(await sendCloudToDevice(h.clients, hub, 'sim-00003', { hello: 'device' })).toBe(202);
    await until(() => h.simulator.deviceLog('sim-00003').lines.map((l) => l.text).join('\n'), (text) => text.includes('"hello":"device"'));
  }, 45_000);

  it('drops connections and stops answering on demand, and recovers when the faults are lifted', async () => {
    h.simulator.setFault('drop-connection', true, null);
    await h.waitFor((s) => s.counters.connected === 0);
    h.simulator.setFault('drop-connection', false, null);
    await h.waitFor(allConnected, 45_000);
    h.simulator.setFault('stop-answering', true, ['sim-00004']);
    await expect(invoke('sim-00004', 'ping', null, 2)).rejects.toThrow();
    h.simulator.setFault('stop-answering', false, ['sim-00004']);
    expect((await invoke('sim-00004', 'ping', null)).status).toBe(201);
  }, 60_000);

  it('sends malformed payloads and presents an expired token on demand, then recovers', async () => {
    h.simulator.setFault('malformed-payload', true, ['sim-00005']);
    const hub = device('sim-00005').hubHost!;
    const bad = await findHubEvent(h.clients, hub, (e) => e.type === 'telemetry' && e.deviceId === 'sim-00005' && (e.properties as Record<string, string>)['simulator-fault'] === 'malformed-payload');
    expect(() => JSON.parse(String(bad.body))).toThrow();
    h.simulator.setFault('malformed-payload', false, ['sim-00005']);
    const errorsBefore = device('sim-00006').errors;
    h.simulator.setFault('expired-token', true, ['sim-00006']);
    await until(() => device('sim-00006'), (d) => d.state === 'offline' && d.errors > errorsBefore);
    expect(device('sim-00006').lastError).toMatch(/unauthori|not authorized|refused|connect/i);
    h.simulator.setFault('expired-token', false, ['sim-00006']);
    await until(() => device('sim-00006').state, (state) => state === 'connected');
  }, 45_000);

  it('restarts without provisioning again, and reports a killed fleet process before bringing it back', async () => {
    await h.simulator.stop();
    expect(h.simulator.status().state).toBe('idle');
    await h.simulator.startFleet(options);
    await h.waitFor(allConnected, 45_000);
    const attempts = h.eventLog.forDevice('sandbox', 'sim-00007').filter((e) => e.kind === 'registration-attempted');
    expect(attempts).toHaveLength(1);
    const pid = h.simulator.status().pid!;
    process.kill(pid, 'SIGKILL');
    const crashed = await h.waitFor((s) => s.state === 'crashed');
    expect(crashed.lastError).toMatch(/stopped unexpectedly \(SIGKILL\)/);
    const back = await h.waitFor((s) => s.state === 'running' && allConnected(s) && s.pid !== pid, 45_000);
    expect(back.pid).not.toBe(pid);
  }, 90_000);
});
