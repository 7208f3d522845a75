import deviceSdk from 'azure-iot-device';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxTargetFor, startDevicesTestBed, type DevicesTestBed } from '../devices/devices-test-support.ts';
import { AzureClientFactory } from '../azure/client-factory.ts';
import { activeHubEventSource } from './active-source.ts';
import type { HubEvent } from './hub-event-source.ts';
import { HubEvents } from './hub-events.ts';

// The reader every consumer uses, as the container wires it: the real sandbox hub's Event
// Hub-compatible endpoint read by @azure/event-hubs over AMQP; events raised by the real device SDK
// over MQTT and the real registry client over REST.
let bed: DevicesTestBed;

function collector() {
  const events: HubEvent[] = [];
  return {
    events,
    push: (batch: HubEvent[]) => void events.push(...batch),
    until: async (test: (events: HubEvent[]) => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!test(events)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; saw ${events.map((e) => `${e.kind}/${e.opType}/${e.deviceId}`).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

const hubEventsFor = (factory: AzureClientFactory, recentCapacity?: number) =>
  new HubEvents({ resolve: activeHubEventSource({ activeId: async () => 'sandbox', clientsFor: async () => factory }), recentCapacity });

async function createDevice(deviceId: string): Promise<string> {
  return (await bed.hub.registry().create({ deviceId })).responseBody.authentication!.symmetricKey!.primaryKey!;
}

beforeAll(async () => {
  bed = await startDevicesTestBed();
}, 30_000);

afterAll(async () => {
  await bed?.close();
});

describe('hub event reader over the built-in endpoint', () => {
  it('fans one upstream out to many listeners: lifecycle, twin change, connection state and telemetry in IoT Hub shape', async () => {
    const hubEvents = hubEventsFor(bed.factory);
    const a = collector();
    const b = collector();
    const subA = await hubEvents.subscribe(bed.hub.hostName, { from: 'end' }, a.push);
    const subB = await hubEvents.subscribe(bed.hub.hostName, { from: 'end' }, b.push);
    expect(hubEvents.openUpstreams).toBe(1);

    const deviceId = `reader-${Date.now()}`;
    const key = await createDevice(deviceId);
    await bed.hub.registry().updateTwin(deviceId, { tags: { site: 'osaka' } }, '*');
    const device = await bed.hub.deviceClient(deviceId, key);
    await device.open();
    const message = new deviceSdk.Message(JSON.stringify({ temperature: 21.5 }));
    message.properties.add('alert', 'no');
    await device.sendEvent(message);
    await device.sendEvent(new deviceSdk.Message(Buffer.from([0xff, 0x00, 0xfe])));

    await a.until((events) => events.filter((e) => e.kind === 'telemetry' && e.deviceId === deviceId).length === 2, 'two telemetry events');
    const mine = a.events.filter((e) => e.deviceId === deviceId);
    // One device's events share a partition, so they arrive in the order the hub took them.
    expect(mine.map((e) => [e.kind, e.opType])).toEqual([
      ['deviceLifecycle', 'createDeviceIdentity'],
      ['twinChangeEvents', 'updateTwin'],
      ['deviceConnectionStateEvents', 'deviceConnected'],
      ['telemetry', null],
      ['telemetry', null],
    ]);
    const [lifecycle, twin, , json, binary] = mine as [HubEvent, HubEvent, HubEvent, HubEvent, HubEvent];
    expect(lifecycle.properties).toMatchObject({ deviceId, opType: 'createDeviceIdentity', 'iothub-message-schema': 'deviceLifecycleNotification' });
    expect(twin.body).toMatchObject({ tags: { site: 'osaka' } });
    expect(json).toMatchObject({ hubHost: bed.hub.hostName, body: { temperature: 21.5 }, bodyEncoding: 'json', properties: { alert: 'no' } });
    expect(json.systemProperties['iothub-connection-device-id']).toBe(deviceId);
    expect(Math.abs(json.enqueuedAt - Date.now())).toBeLessThan(60_000);
    expect(binary).toMatchObject({ bodyEncoding: 'base64', body: Buffer.from([0xff, 0x00, 0xfe]).toString('base64') });
    for (const event of mine) expect(event.position).toEqual({ partitionId: lifecycle.position!.partitionId, sequenceNumber: expect.any(Number) });
    await b.until((events) => events.length === a.events.length, 'the second listener to see the same events');
    expect(b.events).toEqual(a.events);

    // A late listener whose start the shared upstream covers joins it and gets the kept events first.
    const late = collector();
    const subLate = await hubEvents.subscribe(bed.hub.hostName, { from: 'enqueuedTime', at: lifecycle.enqueuedAt }, late.push);
    expect(hubEvents.openUpstreams).toBe(1);
    expect(late.events.filter((e) => e.deviceId === deviceId)).toEqual(mine);

    // One asking for everything the hub holds cannot be served from what the shared upstream kept: it gets its own.
    const all = collector();
    const subAll = await hubEvents.subscribe(bed.hub.hostName, { from: 'earliest' }, all.push);
    expect(hubEvents.openUpstreams).toBe(2);
    await all.until((events) => events.filter((e) => e.deviceId === deviceId).length === mine.length, 'the replay from the earliest event');
    expect(all.events.filter((e) => e.deviceId === deviceId)).toEqual(mine);

    await subA.close();
    await subB.close();
    await subAll.close();
    expect(hubEvents.openUpstreams).toBe(1);
    await subLate.close();
    expect(hubEvents.openUpstreams).toBe(0);
    await device.close();
  }, 90_000);

  it('gives a late listener its own upstream once the shared one has dropped events it asked for', async () => {
    const hubEvents = hubEventsFor(bed.factory, 2);
    const first = collector();
    const marker = Date.now();
    const subFirst = await hubEvents.subscribe(bed.hub.hostName, { from: 'end' }, first.push);
    const ids = [0, 1, 2, 3, 4].map((i) => `kept-${marker}-${i}`);
    for (const id of ids) await createDevice(id);
    await first.until((events) => ids.every((id) => events.some((e) => e.deviceId === id)), 'five lifecycle events');

    const late = collector();
    const subLate = await hubEvents.subscribe(bed.hub.hostName, { from: 'enqueuedTime', at: marker }, late.push);
    expect(hubEvents.openUpstreams).toBe(2);
    await late.until((events) => ids.every((id) => events.some((e) => e.deviceId === id)), 'all five, not only the two kept');
    await subFirst.close();
    await subLate.close();
    expect(hubEvents.openUpstreams).toBe(0);
  }, 60_000);

  it('refuses a wrong key with a readable error that does not carry the key', async () => {
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    const wrong = new AzureClientFactory({ ...sandboxTargetFor(bed.hub), hubs: [{ host: bed.hub.hostName, auth: { kind: 'sas', policyName: 'iothubowner', key: wrongKey } }] });
    const failure = hubEventsFor(wrong).subscribe(bed.hub.hostName, { from: 'earliest' }, () => undefined);
    await expect(failure).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(failure).rejects.not.toThrow(wrongKey);
  }, 30_000);

  it("closes a profile's upstreams when another profile becomes active and tells each listener why", async () => {
    const hubEvents = hubEventsFor(bed.factory);
    const errors: Error[] = [];
    await hubEvents.subscribe(bed.hub.hostName, { from: 'end' }, () => undefined, (error) => errors.push(error));
    await hubEvents.profileChanged('sandbox');
    expect(hubEvents.openUpstreams).toBe(1);
    await hubEvents.profileChanged('azure-1');
    expect(hubEvents.openUpstreams).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'unavailable' });
  }, 30_000);
});
