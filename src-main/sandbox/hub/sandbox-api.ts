import { randomUUID } from 'node:crypto';
import { sendJson } from '../server/http-io.ts';
import type { DeviceRegistry } from './device-registry.ts';
import type { DeviceSessions } from './device-sessions.ts';
import type { EventRing, SequencedEvent } from './hub-events.ts';
import { encodePropertyBag } from './property-bag.ts';
import type { Route } from './service-router.ts';
import { badRequest } from './service-error.ts';
import { isJsonObject } from './twin-document.ts';

export interface HubCounters {
  messagesReceived: number;
  cloudToDeviceSent: number;
}

const C2D_MAX_BYTES = 64 * 1024;
const MAX_UNREAD_BYTES = 16 * 1024 * 1024;
const stringRecord = (value: unknown, name: string): Record<string, string> => {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) throw badRequest(`${name} must be an object of strings.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw badRequest(`${name}.${k} must be a string.`);
    out[k] = v;
  }
  return out;
};

/**
 * What the service delivers over AMQP and Event Hubs, which the sandbox does not speak:
 * the device message + lifecycle stream, cloud-to-device send, and counts (README: Sandbox-only API).
 */
export function sandboxRoutes(registry: DeviceRegistry, sessions: DeviceSessions, events: EventRing, counters: HubCounters): Route[] {
  return [
    {
      method: 'GET',
      path: '/sandbox/v1/events',
      permissions: ['ServiceConnect'],
      noApiVersion: true,
      handle: ({ req, res, url }) => {
        let since = Number(url.searchParams.get('since') ?? events.lastSeq);
        if (!Number.isInteger(since) || since < 0) throw badRequest('since must be a non-negative integer sequence number.');
        // A cursor from before a restart is ahead of this ring: replay all it holds.
        if (since > events.lastSeq) since = 0;
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'x-sandbox-stream-epoch': events.epoch });
        // A reader must know it is subscribed before the first event arrives.
        res.flushHeaders();
        // Batch lines per tick: one write per burst, not per message.
        let batch: string[] = [];
        let scheduled = false;
        const send = (event: SequencedEvent) => {
          batch.push(JSON.stringify(event));
          if (scheduled) return;
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            const lines = `${batch.join('\n')}\n`;
            batch = [];
            if (res.destroyed) return;
            // A reader this far behind reconnects with ?since= rather than growing our memory.
            if (res.writableLength > MAX_UNREAD_BYTES) res.destroy();
            else res.write(lines);
          });
        };
        for (const event of events.since(since)) send(event);
        const unsubscribe = events.subscribe(send);
        const heartbeat = setInterval(() => res.write('\n'), 15_000);
        req.socket.setTimeout(0);
        res.on('close', () => {
          unsubscribe();
          clearInterval(heartbeat);
        });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/v1/devices/*/messages',
      permissions: ['ServiceConnect'],
      noApiVersion: true,
      quota: 'c2d',
      handle: async ({ res, params, json }) => {
        const deviceId = params[0] as string;
        const body = await json();
        if (!isJsonObject(body)) throw badRequest('The message must be a JSON object {payload, properties?, messageId?, ...}.');
        const payload =
          typeof body.payload === 'string' ? Buffer.from(body.payload, body.payloadEncoding === 'base64' ? 'base64' : 'utf8')
          : Buffer.from(JSON.stringify(body.payload ?? null), 'utf8');
        if (payload.length > C2D_MAX_BYTES) throw badRequest(`A cloud-to-device message is at most ${C2D_MAX_BYTES} bytes.`, 'MessageTooLarge');
        const system: Record<string, string> = {};
        for (const name of ['messageId', 'correlationId', 'userId', 'to', 'expiryTimeUtc', 'contentType', 'contentEncoding']) {
          const value = body[name];
          if (typeof value === 'string') system[name] = value;
        }
        system.messageId ??= randomUUID();
        const application = stringRecord(body.properties, 'properties');
        registry.require(deviceId);
        sessions.queueC2d(deviceId, payload, encodePropertyBag({ system, application }));
        counters.cloudToDeviceSent++;
        sendJson(res, 202, { messageId: system.messageId, delivered: sessions.has(deviceId, 'c2d') });
      },
    },
    {
      method: 'GET',
      path: '/sandbox/v1/stats',
      permissions: ['RegistryRead', 'ServiceConnect'],
      noApiVersion: true,
      handle: ({ res }) =>
        sendJson(res, 200, {
          deviceCount: registry.store.count(),
          connectedDeviceCount: sessions.connectedCount,
          messagesReceived: counters.messagesReceived,
          cloudToDeviceSent: counters.cloudToDeviceSent,
          lastEventSeq: events.lastSeq,
        }),
    },
  ];
}
