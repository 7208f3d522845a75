import deviceSdk from 'azure-iot-device';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevicesTestBed, type DevicesTestBed } from '../devices/devices-test-support.ts';
import { activeHubEventSource } from './active-source.ts';
import type { HubEvent } from './hub-event-source.ts';
import { HubEvents } from './hub-events.ts';

// The reader every consumer uses, as the container wires it: telemetry over AMQP through
// @azure/event-hubs (the hub's redirect to its built-in endpoint), notifications from the sandbox stream.
let bed: DevicesTestBed;

beforeAll(async () => {
  bed = await startDevicesTestBed();
}, 30_000);

afterAll(async () => {
  await bed?.close();
});

describe('the active profile\'s hub event source', () => {
  it('delivers telemetry from the built-in endpoint with partition positions, and lifecycle from the sandbox stream', async () => {
    const hubEvents = new HubEvents({ resolve: activeHubEventSource({ activeId: async () => 'sandbox', clientsFor: async () => bed.factory }) });
    const seen: HubEvent[] = [];
    const sub = await hubEvents.subscribe(bed.hub.hostName, { from: 'end' }, (events) => seen.push(...events));
    const created = (await bed.hub.registry().create({ deviceId: 'eh-1' })).responseBody;
    const device = await bed.hub.deviceClient('eh-1', created.authentication!.symmetricKey!.primaryKey!);
    await device.open();
    const message = new deviceSdk.Message(JSON.stringify({ v: 1 }));
    message.properties.add('via', 'mqtt');
    await device.sendEvent(message);
    const deadline = Date.now() + 30_000;
    while (!seen.some((e) => e.kind === 'telemetry') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const telemetry = seen.filter((e) => e.kind === 'telemetry');
    expect(telemetry).toHaveLength(1);
    expect(telemetry[0]).toMatchObject({ deviceId: 'eh-1', body: { v: 1 }, properties: { via: 'mqtt' }, position: { partitionId: expect.any(String), sequenceNumber: expect.any(Number) } });
    expect(seen.find((e) => e.kind === 'deviceLifecycle')).toMatchObject({ deviceId: 'eh-1', opType: 'createDeviceIdentity', position: null });
    await sub.close();
  }, 60_000);
});
