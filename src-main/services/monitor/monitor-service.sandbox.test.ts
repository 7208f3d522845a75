import deviceSdk from 'azure-iot-device';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorEvent } from '../../../src-shared/contract/channels/monitor.ts';
import { EventBus } from '../../events/event-bus.ts';
import { DevicesService } from '../devices/devices-service.ts';
import { startDevicesTestBed, type DevicesTestBed } from '../devices/devices-test-support.ts';
import { HubEvents } from '../hub-events/hub-events.ts';
import { activeHubEventSource } from '../hub-events/active-source.ts';
import { MonitorService } from './monitor-service.ts';

// Device SDK clients send over MQTT; the monitor reads the sandbox hub's stream through the hub event reader.
let bed: DevicesTestBed;
let devices: DevicesService;
let bus: EventBus;
let monitor: MonitorService;
let hubEvents: HubEvents;
const batches: Array<{ monitorId: string; events: MonitorEvent[] }> = [];
const stopped: Array<{ monitorId: string; reason: string }> = [];

beforeAll(async () => {
  bed = await startDevicesTestBed();
  devices = new DevicesService({ profiles: bed.profiles, store: bed.devicesStore, eventLog: bed.eventLog });
  bus = new EventBus();
  bus.subscribe((event, payload) => {
    if (event === 'monitor:events') batches.push(payload as (typeof batches)[number]);
    if (event === 'monitor:stopped') stopped.push(payload as (typeof stopped)[number]);
  });
  hubEvents = new HubEvents({ resolve: activeHubEventSource({ activeId: async () => 'sandbox', clientsFor: async () => bed.factory }) });
  monitor = new MonitorService({ hubEvents, devices, events: bus, batchIntervalMs: 50 });
}, 30_000);

afterAll(async () => {
  await monitor?.dispose();
  await bed?.close();
});

const seen = (monitorId: string) => batches.filter((b) => b.monitorId === monitorId).flatMap((b) => b.events);
async function until(test: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('telemetry and events monitor', () => {
  it('shows telemetry and lifecycle of the devices a query matches, in batches', async () => {
    const hubHost = bed.hub.hostName;
    const keys = new Map<string, string>();
    for (const id of ['line-a', 'line-b']) {
      await devices.create({ hubHost, deviceId: id, status: 'enabled', auth: { type: 'sas' } });
      keys.set(id, (await devices.revealKeys(hubHost, id)).primaryKey);
    }
    await bed.hub.registry().updateTwin('line-a', { tags: { watch: true } }, '*');
    const { monitorId, matchedDevices } = await monitor.start({ hubHost, query: 'SELECT * FROM devices WHERE tags.watch = true', from: 'now' });
    expect(matchedDevices).toBe(1);

    const a = await bed.hub.deviceClient('line-a', keys.get('line-a')!);
    const b = await bed.hub.deviceClient('line-b', keys.get('line-b')!);
    await Promise.all([a.open(), b.open()]);
    const message = new deviceSdk.Message(JSON.stringify({ t: 20 }));
    message.properties.add('unit', 'C');
    for (let i = 0; i < 50; i++) await Promise.all([a.sendEvent(message), b.sendEvent(new deviceSdk.Message('{"t": 1}'))]);
    await bed.hub.registry().updateTwin('line-a', { properties: { desired: { rate: 5 } } }, '*');

    await until(() => seen(monitorId).some((e) => e.kind === 'twinChangeEvents'), 'the twin change');
    const events = seen(monitorId);
    expect(new Set(events.map((e) => e.deviceId))).toEqual(new Set(['line-a']));
    const telemetry = events.filter((e) => e.kind === 'telemetry');
    expect(telemetry).toHaveLength(50);
    expect(telemetry[0]).toMatchObject({ body: '{"t":20}', bodyEncoding: 'json', properties: { unit: 'C' } });
    expect(events.find((e) => e.kind === 'deviceConnectionStateEvents')?.opType).toBe('deviceConnected');
    // 100 messages and more crossed in far fewer pushes than messages.
    expect(batches.filter((x) => x.monitorId === monitorId).length).toBeLessThan(30);
    expect(await monitor.stop(monitorId)).toEqual({ stopped: true });
  });

  it('stops a monitor nobody keeps alive and says why', async () => {
    const brief = new MonitorService({ hubEvents, devices, events: bus, leaseMs: 300 });
    const { monitorId } = await brief.start({ hubHost: bed.hub.hostName, from: 'now' });
    expect(brief.keepAlive(monitorId)).toEqual({ running: true });
    await until(() => stopped.some((s) => s.monitorId === monitorId), 'the lease to lapse');
    expect(stopped.find((s) => s.monitorId === monitorId)?.reason).toBe('not kept alive');
    expect(brief.keepAlive(monitorId)).toEqual({ running: false });
    await brief.dispose();
  });
});
