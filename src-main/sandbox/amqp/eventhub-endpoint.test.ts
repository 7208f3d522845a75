import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHubConsumerClient, earliestEventPosition, latestEventPosition } from '@azure/event-hubs';
import type { ReceivedEventData } from '@azure/event-hubs';
import type { Client as DeviceClient } from 'azure-iot-device';
import type { Sandbox } from '../sandbox.ts';
import { createSandbox } from '../sandbox.ts';
import { hubRegistry } from '../dps/dps-test-clients.ts';
import { createDevices, openMqttDevices, readUntil, routeDeviceMessagesOnly, telemetry, trustCa } from './amqp-test-support.ts';

const DEVICES = 100;
const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-eh-'));
let sandbox: Sandbox;
let ca: string;
const clients: DeviceClient[] = [];
const hub = () => sandbox.hubs[0] as Sandbox['hubs'][number];
const consumer = (group = '$Default') => new EventHubConsumerClient(group, hub().eventHubConnectionString);
const byMessageId = (events: ReceivedEventData[]) => new Map(events.map((e) => [String(e.messageId), e]));

beforeAll(async () => {
  sandbox = await createSandbox({ dataDir, hubs: 1 });
  ca = readFileSync(sandbox.caCertificatePath, 'utf8');
  trustCa(ca);
  // Counted below as what the devices sent: the endpoint holds device messages only, as on a new IoT hub.
  await routeDeviceMessagesOnly(hub().connectionString, ca);
  const keys = await createDevices(hubRegistry(hub().connectionString, ca), 'eh', DEVICES);
  clients.push(...(await openMqttDevices(hub().hostName, keys, ca)));
  // sendEvent resolves on PUBACK, which the hub sends only once the message is committed.
  await Promise.all(clients.map((client, i) => client.sendEvent(telemetry({ temperature: 20 + (i % 15), n: i }, `m-${i}`, { index: String(i) }))));
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the Event Hub-compatible endpoint, read with @azure/event-hubs', () => {
  it('describes the hub and its partitions through $management', async () => {
    const client = consumer();
    try {
      const properties = await client.getEventHubProperties();
      expect(properties.name).toBe('sandbox-hub-1');
      expect(properties.partitionIds).toEqual(['0', '1', '2', '3']);
      const partitions = await Promise.all(properties.partitionIds.map((id) => client.getPartitionProperties(id)));
      const total = partitions.reduce((sum, p) => sum + (p.isEmpty ? 0 : p.lastEnqueuedSequenceNumber - p.beginningSequenceNumber + 1), 0);
      expect(total).toBe(DEVICES);
      // Devices are hashed onto partitions: 100 of them use every one.
      expect(partitions.every((p) => !p.isEmpty)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('delivers every message 100 devices sent, from the earliest position, with system and application properties', async () => {
    const client = consumer();
    try {
      const events = await readUntil(client, earliestEventPosition, (all) => all.length >= DEVICES);
      const found = byMessageId(events);
      expect(found.size).toBe(DEVICES);
      const event = found.get('m-7') as ReceivedEventData;
      expect(event.body).toEqual({ temperature: 27, n: 7 });
      expect(event.properties).toEqual({ index: '7' });
      expect(event.contentType).toBe('application/json');
      expect(event.systemProperties?.['iothub-connection-device-id']).toBe('eh-7');
      expect(event.systemProperties?.['iothub-message-source']).toBe('Telemetry');
      expect(typeof event.systemProperties?.['iothub-enqueuedtime']).toBe('number');
      expect(JSON.parse(String(event.systemProperties?.['iothub-connection-auth-method']))).toMatchObject({ scope: 'device', type: 'sas' });
    } finally {
      await client.close();
    }
  });

  it('starts a partition reader at a sequence number, an offset or an enqueued time', async () => {
    const client = consumer();
    try {
      const all = await readUntil(client, earliestEventPosition, (events) => events.length >= 1, { partitionId: '1' });
      const info = await client.getPartitionProperties('1');
      const everything = await readUntil(client, earliestEventPosition, (events) => events.length >= info.lastEnqueuedSequenceNumber + 1, { partitionId: '1' });
      expect(all.length).toBeGreaterThan(0);
      const third = everything[2] as ReceivedEventData;
      const rest = (fromIndex: number) => everything.slice(fromIndex).map((e) => e.messageId);
      const expectRest = (events: ReceivedEventData[], fromIndex: number) => expect(events.map((e) => e.messageId)).toEqual(rest(fromIndex));
      const count = everything.length;
      expectRest(await readUntil(client, { sequenceNumber: third.sequenceNumber }, (e) => e.length >= count - 3, { partitionId: '1' }), 3);
      expectRest(await readUntil(client, { sequenceNumber: third.sequenceNumber, isInclusive: true }, (e) => e.length >= count - 2, { partitionId: '1' }), 2);
      expectRest(await readUntil(client, { offset: third.offset }, (e) => e.length >= count - 3, { partitionId: '1' }), 3);
      const enqueuedOn = new Date(third.enqueuedTimeUtc.getTime() - 1);
      const fromTime = await readUntil(client, { enqueuedOn }, (e) => e.length >= 1, { partitionId: '1' });
      expect(fromTime.every((e) => e.enqueuedTimeUtc.getTime() >= enqueuedOn.getTime())).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('from the end, delivers only what is sent after the reader attached', async () => {
    const client = consumer();
    try {
      const waiting = readUntil(client, latestEventPosition, (events) => events.some((e) => e.messageId === 'late-1'));
      // Keep sending until the reader sees one: it attaches at an unknown moment.
      const sender = clients[3] as DeviceClient;
      let sent = 0;
      const timer = setInterval(() => void sender.sendEvent(telemetry({ late: true }, sent++ === 0 ? 'late-0' : 'late-1')), 300);
      const events = await waiting.finally(() => clearInterval(timer));
      expect(events.every((e) => String(e.messageId).startsWith('late-'))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('lets consumer groups read independently, refusing a group that does not exist', async () => {
    await sandboxApi('PUT', '/sandbox/v1/consumerGroups/analytics');
    const first = consumer();
    const second = consumer('analytics');
    try {
      const [a, b] = await Promise.all([
        readUntil(first, earliestEventPosition, (events) => byMessageId(events).size >= DEVICES),
        readUntil(second, earliestEventPosition, (events) => byMessageId(events).size >= DEVICES),
      ]);
      expect(byMessageId(a).size).toBe(byMessageId(b).size);
      const missing = consumer('nobody');
      await expect(readUntil(missing, earliestEventPosition, () => true, { partitionId: '0', timeoutMs: 10_000 })).rejects.toThrow(/could not be found/);
      await missing.close();
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('keeps every acknowledged message across a sandbox restart', async () => {
    await Promise.allSettled(clients.splice(0).map((client) => client.close()));
    await sandbox.close();
    sandbox = await createSandbox({ dataDir, hubs: 1 });
    const client = consumer();
    try {
      const events = await readUntil(client, earliestEventPosition, (all) => byMessageId(all).size >= DEVICES);
      for (let i = 0; i < DEVICES; i++) expect(byMessageId(events).has(`m-${i}`)).toBe(true);
    } finally {
      await client.close();
    }
  });
});

async function sandboxApi(method: string, path: string, body?: unknown): Promise<unknown> {
  const { request } = await import('node:https');
  const { default: iothub } = await import('azure-iothub');
  const parts = new Map(hub().connectionString.split(';').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const));
  const sas = iothub.SharedAccessSignature.create(hub().hostName, 'iothubowner', parts.get('SharedAccessKey') as string, Math.floor(Date.now() / 1000) + 600).toString();
  const [host, port] = hub().hostName.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), method, path, ca, headers: { Authorization: sas, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve(text ? JSON.parse(text) : null) : reject(new Error(`${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
