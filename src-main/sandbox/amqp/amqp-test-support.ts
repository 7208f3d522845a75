import tls from 'node:tls';
import type { EventHubConsumerClient, EventPosition, ReceivedEventData } from '@azure/event-hubs';
import deviceSdk from 'azure-iot-device';
import type { Client as DeviceClient } from 'azure-iot-device';
import deviceMqtt from 'azure-iot-device-mqtt';
import type { Registry } from 'azure-iothub';

/**
 * `@azure/event-hubs` and the service Client take no CA option (amqp-wire.md §1): trust the
 * sandbox CA process-wide, as the console does (`services/azure/extra-ca-trust.ts`).
 */
export function trustCa(caPem: string): void {
  const current = tls.getCACertificates('default');
  if (!current.includes(caPem)) tls.setDefaultCACertificates([...current, caPem]);
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
