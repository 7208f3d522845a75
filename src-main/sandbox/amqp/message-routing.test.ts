import { describe, expect, it } from 'vitest';
import type { HubMessage } from './event-messages.ts';
import { MessageRouter, RoutingError, routingSchema } from './message-routing.ts';

const message = (body: unknown, application: Record<string, string> = {}, source: HubMessage['source'] = 'Telemetry', json = true): HubMessage => ({
  deviceId: 'd1',
  source,
  body: Buffer.from(JSON.stringify(body)),
  system: json ? { contentType: 'application/json', contentEncoding: 'utf-8' } : {},
  application,
  enqueuedMs: 0,
});
const twin = () => ({ tags: { dtId: 'urn:x', site: { floor: 2 } }, properties: { desired: {}, reported: { firmware: '1.2' } } });
const router = (config: unknown) => new MessageRouter(routingSchema.parse(config), 'hub1');
const endpoints = (r: MessageRouter, m: HubMessage) => r.route(m, twin).map((d) => d.endpoint).sort();

describe('message routing', () => {
  it('sends device messages to events by default, and nothing else', () => {
    const r = router({});
    expect(endpoints(r, message({ a: 1 }))).toEqual(['events']);
    expect(endpoints(r, message({}, {}, 'deviceLifecycleEvents'))).toEqual([]);
  });

  it('matches $body only for JSON in UTF-8, application properties by name, and $twin paths', () => {
    const r = router({
      endpoints: [{ name: 'hot' }, { name: 'floor2' }],
      routes: [
        { name: 'hot', source: 'DeviceMessages', condition: '$body.temperature > 30 OR alert = "high"', endpointNames: ['hot'] },
        { name: 'floor', source: 'DeviceMessages', condition: '$twin.tags.site.floor = 2 AND $twin.properties.reported.firmware = "1.2"', endpointNames: ['floor2'] },
      ],
    });
    expect(endpoints(r, message({ temperature: 31 }))).toEqual(['floor2', 'hot']);
    expect(endpoints(r, message({ temperature: 31 }, {}, 'Telemetry', false))).toEqual(['floor2']);
    expect(endpoints(r, message({ temperature: 10 }, { alert: 'high' }))).toEqual(['floor2', 'hot']);
  });

  it('falls back to events only when no route took the message and the fallback is on', () => {
    const config = { endpoints: [{ name: 'hot' }], routes: [{ name: 'hot', source: 'DeviceMessages', condition: '$body.t > 30', endpointNames: ['hot'] }] };
    expect(endpoints(router(config), message({ t: 40 }))).toEqual(['hot']);
    expect(endpoints(router(config), message({ t: 20 }))).toEqual(['events']);
    expect(endpoints(router({ ...config, fallbackRoute: { isEnabled: false } }), message({ t: 20 }))).toEqual([]);
    expect(endpoints(router({ ...config, routes: [{ ...config.routes[0], isEnabled: false }] }), message({ t: 40 }))).toEqual(['events']);
  });

  it('enriches per endpoint with static values, $iothubname and twin paths, skipping missing paths', () => {
    const r = router({
      endpoints: [{ name: 'hot' }],
      routes: [
        { name: 'all-hot', source: 'DeviceMessages', condition: 'true', endpointNames: ['hot'] },
        { name: 'all', source: 'DeviceMessages', condition: 'true', endpointNames: ['events'] },
      ],
      enrichments: [
        { key: 'dtId', value: '$twin.tags.dtId', endpointNames: ['hot'] },
        { key: 'hub', value: '$iothubname', endpointNames: ['hot', 'events'] },
        { key: 'missing', value: '$twin.tags.nothing', endpointNames: ['hot'] },
        { key: 'plant', value: 'kyoto', endpointNames: ['events'] },
      ],
    });
    const byEndpoint = Object.fromEntries(r.route(message({}), twin).map((d) => [d.endpoint, d.message.application]));
    expect(byEndpoint).toEqual({ hot: { dtId: 'urn:x', hub: 'hub1' }, events: { hub: 'hub1', plant: 'kyoto' } });
  });

  it('refuses unknown endpoints, duplicate route names and conditions that do not parse', () => {
    expect(() => router({ routes: [{ name: 'r', source: 'DeviceMessages', endpointNames: ['nowhere'] }] })).toThrow(RoutingError);
    expect(() => router({ routes: [1, 2].map(() => ({ name: 'same', source: 'DeviceMessages', endpointNames: ['events'] })) })).toThrow(/same name/);
    expect(() => router({ routes: [{ name: 'bad', source: 'DeviceMessages', condition: 'a = = 1', endpointNames: ['events'] }] })).toThrow(/Route 'bad': syntax error at position 4/);
    expect(routingSchema.safeParse({ endpoints: [{ name: 'events' }] }).success).toBe(false);
  });
});
