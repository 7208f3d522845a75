import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHubConsumerClient, earliestEventPosition } from '@azure/event-hubs';
import type { ReceivedEventData } from '@azure/event-hubs';
import type { TestHub } from '../hub/test-support.ts';
import { startTestHub } from '../hub/test-support.ts';
import { request } from '../hub/test-requests.ts';
import { createDevices, readUntil, telemetry, trustCa } from './amqp-test-support.ts';

// Routes as IoT Hub applies them, read back through @azure/event-hubs: a named endpoint is an
// Event Hub-compatible entity on the hub's port (EntityPath = the endpoint's name).
let hub: TestHub;
const entity = (path: string) => new EventHubConsumerClient('$Default', `Endpoint=sb://${hub.hostName}/;SharedAccessKeyName=iothubowner;SharedAccessKey=${hub.ownerKey};EntityPath=${path}`);
const routing = {
  endpoints: [{ name: 'hot' }],
  routes: [
    { name: 'too-hot', source: 'DeviceMessages', condition: '$body.temperature > 30', endpointNames: ['hot'] },
    { name: 'alerts', source: 'DeviceMessages', condition: "alert = 'high'", endpointNames: ['events'] },
    { name: 'lifecycle', source: 'DeviceLifecycleEvents', condition: 'true', endpointNames: ['events'] },
  ],
  enrichments: [{ key: 'dtId', value: '$twin.tags.dtId', endpointNames: ['hot'] }],
};

beforeAll(async () => {
  hub = await startTestHub();
  trustCa(hub.tls.caPem);
  const saved = await request(hub, 'PUT', '/sandbox/v1/routing', { body: JSON.stringify(routing) });
  expect(saved.status).toBe(200);
  const keys = await createDevices(hub.registry(), 'route', 1);
  await hub.registry().updateTwin('route-0', { tags: { dtId: 'urn:room-1' } } as never, '*');
  const device = await hub.deviceClient('route-0', keys.get('route-0') as string);
  await device.open();
  for (const [i, temperature] of [25, 35, 40, 20].entries()) {
    await device.sendEvent(telemetry({ temperature }, `r-${i}`, i === 3 ? { alert: 'high' } : {}));
  }
});

afterAll(async () => {
  await hub.close();
});

const ids = (events: ReceivedEventData[]) => events.map((e) => e.messageId).filter((id) => id !== undefined);

describe('routes, endpoints and enrichments', () => {
  it('sends only messages matching the condition to the named endpoint, enriched with the twin tag', async () => {
    const client = entity('hot');
    try {
      const events = await readUntil(client, earliestEventPosition, (all) => all.length >= 2);
      expect(ids(events)).toEqual(['r-1', 'r-2']);
      expect(events.map((e) => e.properties?.['dtId'])).toEqual(['urn:room-1', 'urn:room-1']);
    } finally {
      await client.close();
    }
  });

  it('keeps the built-in endpoint for messages no route took (fallback), routed ones and lifecycle events', async () => {
    const client = entity('hub1');
    try {
      const events = await readUntil(client, earliestEventPosition, (all) => ids(all).length >= 2 && all.some((e) => e.properties?.['opType'] === 'createDeviceIdentity'));
      expect(ids(events)).toEqual(['r-0', 'r-3']);
      const created = events.find((e) => e.properties?.['opType'] === 'createDeviceIdentity');
      expect(created?.systemProperties?.['iothub-message-source']).toBe('deviceLifecycleEvents');
      expect(created?.properties?.['dtId']).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('refuses a condition that does not parse, naming the route and position, and an unknown endpoint', async () => {
    const broken = await request(hub, 'PUT', '/sandbox/v1/routing', { body: JSON.stringify({ routes: [{ name: 'bad', source: 'DeviceMessages', condition: '$body.temperature >', endpointNames: ['events'] }] }) });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatch(/Route 'bad': syntax error at position \d+/);
    const unknown = await request(hub, 'PUT', '/sandbox/v1/routing', { body: JSON.stringify({ routes: [{ name: 'r', source: 'DeviceMessages', condition: 'true', endpointNames: ['nowhere'] }] }) });
    expect(unknown.body).toMatch(/endpoint 'nowhere'/);
    const bad = await request(hub, 'PUT', '/sandbox/v1/routing', { body: JSON.stringify({ routes: [{ name: 'r', source: 'Telemetry', endpointNames: ['events'] }] }) });
    expect(bad.body).toMatch(/routes\.0\.source/);
    const kept = await request(hub, 'GET', '/sandbox/v1/routing');
    expect(JSON.parse(kept.body).routes).toHaveLength(3);
  });
});
