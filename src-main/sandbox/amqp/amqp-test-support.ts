import https from 'node:https';
import tls from 'node:tls';
import type { EventHubConsumerClient, EventPosition, ReceivedEventData } from '@azure/event-hubs';
import deviceSdk from 'azure-iot-device';
import type { Client as DeviceClient } from 'azure-iot-device';
import deviceMqtt from 'azure-iot-device-mqtt';
import type { Registry } from 'azure-iothub';
import { hmacBase64 } from '../server/sas.ts';

/**
 * `@azure/event-hubs` and the service Client take no CA option (amqp-wire.md §1): trust the
 * sandbox CA process-wide, as the console does (`services/azure/extra-ca-trust.ts`).
 */
export function trustCa(caPem: string): void {
  const current = tls.getCACertificates('default');
  if (!current.includes(caPem)) tls.setDefaultCACertificates([...current, caPem]);
}

/**
 * Gives the hub IoT Hub's routing for a new hub: device messages by the fallback route and nothing
 * else (a new sandbox hub also routes lifecycle, twin-change and connection-state events to the
 * built-in endpoint), for tests that count what devices sent.
 */
export async function routeDeviceMessagesOnly(hubConnectionString: string, ca: string): Promise<void> {
  const parts = new Map(hubConnectionString.split(';').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as const));
  const hostName = parts.get('HostName') as string;
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const sig = hmacBase64(parts.get('SharedAccessKey') as string, `${encodeURIComponent(hostName)}\n${expiry}`);
  const token = `SharedAccessSignature sr=${encodeURIComponent(hostName)}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=${parts.get('SharedAccessKeyName') as string}`;
  const [host, port] = hostName.split(':') as [string, string];
  const status = await new Promise<number>((resolve, reject) => {
    const req = https.request({ host, port: Number(port), method: 'PUT', path: '/sandbox/v1/routing', ca, headers: { authorization: token, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
  if (status !== 200) throw new Error(`the sandbox refused the routing (${status})`);
}

/** Creates `count` SAS devices `${prefix}-N` in one bulk call; returns id → primary key. */
export async function createDevices(registry: Registry, prefix: string, count: number): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const devices = Array.from({ length: count }, (_, i) => {
    const deviceId = `${prefix}-${i}`;
    const primaryKey = Buffer.from(`${deviceId}-key-0123456789abcdef0123456789`).toString('base64');
    keys.set(deviceId, primaryKey);
    return { deviceId, status: 'enabled', authentication: { type: 'sas', symmetricKey: { primaryKey, secondaryKey: primaryKey } } };
  });
  for (let i = 0; i < devices.length; i += 100) await registry.addDevices(devices.slice(i, i + 100) as never);
  return keys;
}

/** An MQTT device client of the official SDK, opened against the sandbox hub. */
export async function openMqttDevice(hostName: string, deviceId: string, key: string, ca: string): Promise<DeviceClient> {
  const client = deviceSdk.Client.fromConnectionString(`HostName=${hostName};DeviceId=${deviceId};SharedAccessKey=${key}`, deviceMqtt.Mqtt);
  await client.setOptions({ ca });
  await client.open();
  return client;
}

/**
 * Opens many devices. The SDK builds its user agent with getos, which runs `lsb_release -a` (a
 * Python script on Debian, ~200 ms of CPU) per connection; with PATH empty while they connect it
 * reads /etc/os-release instead (as the benchmarks do), so 100 devices connect in seconds, not a minute.
 */
export async function openMqttDevices(hostName: string, keys: Map<string, string>, ca: string): Promise<DeviceClient[]> {
  const path = process.env['PATH'];
  process.env['PATH'] = '';
  try {
    const entries = [...keys];
    const clients: DeviceClient[] = [];
    for (let i = 0; i < entries.length; i += 25) {
      clients.push(...(await Promise.all(entries.slice(i, i + 25).map(([id, key]) => openMqttDevice(hostName, id, key, ca)))));
    }
    return clients;
  } finally {
    process.env['PATH'] = path;
  }
}

/** A telemetry message with a JSON body, a message id and application properties. */
export function telemetry(body: unknown, messageId: string, properties: Record<string, string> = {}): InstanceType<typeof deviceSdk.Message> {
  const message = new deviceSdk.Message(JSON.stringify(body));
  message.messageId = messageId;
  message.contentType = 'application/json';
  message.contentEncoding = 'utf-8';
  for (const [key, value] of Object.entries(properties)) message.properties.add(key, value);
  return message;
}

/**
 * Subscribes from `startPosition` until `done(events)` says enough, or fails after `timeoutMs`.
 * `partitionId` limits the subscription to one partition.
 */
export async function readUntil(
  client: EventHubConsumerClient,
  startPosition: EventPosition,
  done: (events: ReceivedEventData[]) => boolean,
  options: { partitionId?: string; timeoutMs?: number } = {},
): Promise<ReceivedEventData[]> {
  const events: ReceivedEventData[] = [];
  let subscription: { close(): Promise<void> } | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${events.length} events arrived`)), options.timeoutMs ?? 20_000);
      const handlers = {
        processEvents: async (batch: ReceivedEventData[]) => {
          events.push(...batch);
          if (done(events)) {
            clearTimeout(timer);
            resolve();
          }
        },
        processError: async (error: Error) => {
          if ((error as { name?: string }).name !== 'AbortError') {
            clearTimeout(timer);
            reject(error);
          }
        },
      };
      const subscribeOptions = { startPosition, maxWaitTimeInSeconds: 1, maxBatchSize: 100 };
      subscription = options.partitionId === undefined ? client.subscribe(handlers, subscribeOptions) : client.subscribe(options.partitionId, handlers, subscribeOptions);
    });
  } finally {
    await subscription?.close();
  }
  return events;
}
