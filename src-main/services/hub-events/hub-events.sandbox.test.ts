import deviceSdk from 'azure-iot-device';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../sandbox/hub/test-support.ts';
import { AzureClientFactory, type AzureTarget } from '../azure/client-factory.ts';
import type { HubEvent } from './hub-event-source.ts';
import { HubEvents } from './hub-events.ts';
import { SandboxHubEventSource } from './sandbox-hub-event-source.ts';

// The real sandbox hub behind its real TLS listener, read through the factory the console uses;
// events are raised by the real device SDK over MQTT and the real registry client over REST.
let t: TestHub;
let factory: AzureClientFactory;

function targetFor(hub: TestHub, key = hub.ownerKey): AzureTarget {
  const endpoint = { host: hub.hostName, auth: { kind: 'sas' as const, policyName: 'iothubowner', key } };
  return { profileId: 'sandbox', kind: 'sandbox', dps: endpoint, idScope: 'x', deviceProvisioningHost: hub.hostName, hubs: [endpoint], extraCaPem: hub.tls.caPem };
}

function collector() {
  const events: HubEvent[] = [];
  const waiters: Array<() => void> = [];
  return {
    events,
    push: (batch: HubEvent[]) => {
      events.push(...batch);
      for (const wake of waiters.splice(0)) wake();
    },
    until: async (test: (events: HubEvent[]) => boolean, what: string) => {
      const deadline = Date.now() + 15_000;
      while (!test(events)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; saw ${events.map((e) => `${e.kind}/${e.opType}/${e.deviceId}`).join(', ')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

let connects = 0;
const hubEventsFor = (f: AzureClientFactory) =>
  new HubEvents({
    resolve: async () => ({
      profileId: 'sandbox',
      source: new SandboxHubEventSource({
        clients: async () => {
          connects++;
          return f;
        },
        maxBackoffMs: 200,
      }),
    }),
  });

beforeAll(async () => {
  t = await startTestHub();
  factory = new AzureClientFactory(targetFor(t));
}, 30_000);

afterAll(async () => {
  await t?.close();
});

describe('hub event reader over the sandbox stream', () => {
  it('fans one stream out to many listeners: lifecycle, connection state, twin change and telemetry in IoT Hub shape', async () => {
    const hubEvents = hubEventsFor(factory);
    const a = collector();
    const b = collector();
    const subA = await hubEvents.subscribe(t.hostName, { from: 'end' }, a.push);
    const subB = await hubEvents.subscribe(t.hostName, { from: 'end' }, b.push);
    expect(hubEvents.openUpstreams).toBe(1);

    const deviceId = `reader-${Date.now()}`;
    const created = (await t.registry().create({ deviceId })).responseBody;
    await t.registry().updateTwin(deviceId, { tags: { site: 'osaka' } }, '*');
    const device = await t.deviceClient(deviceId, created.authentication!.symmetricKey!.primaryKey!);
    await device.open();
    const message = new deviceSdk.Message(JSON.stringify({ temperature: 21.5 }));
    message.properties.add('alert', 'no');
    await device.sendEvent(message);
    await device.sendEvent(new deviceSdk.Message(Buffer.from([0xff, 0x00, 0xfe])));

    await a.until((events) => events.filter((e) => e.kind === 'telemetry').length === 2, 'two telemetry events');
    const mine = a.events.filter((e) => e.deviceId === deviceId);
    expect(mine.map((e) => [e.kind, e.opType])).toEqual([
      ['deviceLifecycle', 'createDeviceIdentity'],
      ['twinChangeEvents', 'updateTwin'],
      ['deviceConnectionStateEvents', 'deviceConnected'],
      ['telemetry', null],
      ['telemetry', null],
    ]);
    const [lifecycle, twin, , json, binary] = mine as [HubEvent, HubEvent, HubEvent, HubEvent, HubEvent];
    expect(lifecycle.properties).toMatchObject({ deviceId, opType: 'createDeviceIdentity', 'iothub-message-schema': 'deviceLifecycleEvents' });
    expect(twin.body).toMatchObject({ tags: { site: 'osaka' } });
    expect(json).toMatchObject({ hubHost: t.hostName, body: { temperature: 21.5 }, bodyEncoding: 'json', properties: { alert: 'no' } });
    expect(json.systemProperties['iothub-connection-device-id']).toBe(deviceId);
    expect(Math.abs(json.enqueuedAt - Date.now())).toBeLessThan(60_000);
    expect(binary).toMatchObject({ bodyEncoding: 'base64', body: Buffer.from([0xff, 0x00, 0xfe]).toString('base64') });
    await b.until((events) => events.length === a.events.length, 'the second listener to see the same events');
    expect(b.events).toEqual(a.events);

    // A late listener asking for everything gets what the reader kept, then the live stream.
    const late = collector();
    const subLate = await hubEvents.subscribe(t.hostName, { from: 'earliest' }, late.push);
    expect(late.events).toEqual(a.events);
    expect(hubEvents.openUpstreams).toBe(1);

    await subA.close();
    await subB.close();
    expect(hubEvents.openUpstreams).toBe(1);
    await subLate.close();
    expect(hubEvents.openUpstreams).toBe(0);
    await t.registry().delete(deviceId);
  });

  it('reconnects after the stream drops and delivers what happened meanwhile exactly once', async () => {
    const streams: Array<{ destroy(): void }> = [];
    t.hub.http.on('request', (req: { url?: string; socket: { destroy(): void } }) => {
      if (req.url?.startsWith('/sandbox/v1/events')) streams.push(req.socket);
    });
    const hubEvents = hubEventsFor(factory);
    const seen = collector();
    const sub = await hubEvents.subscribe(t.hostName, { from: 'end' }, seen.push);
    const first = `drop-a-${Date.now()}`;
    await t.registry().create({ deviceId: first });
    await seen.until((events) => events.some((e) => e.deviceId === first), 'the first device');

    // Drop the stream's connection from the hub's side, then act while the reader is away.
    const before = connects;
    expect(streams).toHaveLength(1);
    for (const socket of streams) socket.destroy();
    const second = `drop-b-${Date.now()}`;
    await t.registry().create({ deviceId: second });
    await seen.until((events) => events.some((e) => e.deviceId === second), 'the device created while disconnected');
    const ids = seen.events.map((e) => `${e.opType}/${e.deviceId}`);
    expect(ids).toEqual([`createDeviceIdentity/${first}`, `createDeviceIdentity/${second}`]);
    expect(connects).toBeGreaterThan(before);
    await sub.close();
  });

  it('replays from a start time and rejects wrong keys with a readable error', async () => {
    const marker = Date.now();
    const deviceId = `since-${marker}`;
    await t.registry().create({ deviceId });
    const source = new SandboxHubEventSource({ clients: async () => factory });
    const seen = collector();
    const sub = await source.subscribe(t.hostName, { from: 'enqueuedTime', at: marker - 1 }, seen.push, () => undefined);
    await seen.until((events) => events.some((e) => e.deviceId === deviceId), 'the replayed device');
    expect(seen.events.every((e) => e.enqueuedAt >= marker - 1)).toBe(true);
    await sub.close();

    const wrong = new AzureClientFactory(targetFor(t, Buffer.alloc(32, 7).toString('base64')));
    const bad = new SandboxHubEventSource({ clients: async () => wrong });
    const failure = bad.subscribe(t.hostName, { from: 'earliest' }, () => undefined, () => undefined);
    await expect(failure).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(failure).rejects.not.toThrow(Buffer.alloc(32, 7).toString('base64'));
  });

  it('closes a profile\'s streams when another profile becomes active and tells each listener why', async () => {
    const hubEvents = hubEventsFor(factory);
    const errors: Error[] = [];
    await hubEvents.subscribe(t.hostName, { from: 'end' }, () => undefined, (error) => errors.push(error));
    await hubEvents.profileChanged('sandbox');
    expect(hubEvents.openUpstreams).toBe(1);
    await hubEvents.profileChanged('azure-1');
    expect(hubEvents.openUpstreams).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'unavailable' });
  });
});
