import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { earliestEventPosition } from '@azure/event-hubs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/sandbox.ts';
import { hubRegistry } from '../../sandbox/dps/dps-test-clients.ts';
import { createDevices, openMqttDevice, readUntil, telemetry } from '../../sandbox/amqp/amqp-test-support.ts';
import { sandboxTarget } from '../profiles/profile-targets.ts';
import { AzureClientFactory } from './client-factory.ts';
import { EventHubsHubEventSource } from '../hub-events/event-hubs-hub-event-source.ts';
import type { HubEvent } from '../hub-events/hub-event-source.ts';

// The console's path to device events: the IoT Hub connection string, a redirect, then
// @azure/event-hubs, exactly as for an Azure hub; only host:port and the CA differ.
const dataDir = mkdtempSync(join(tmpdir(), 'factory-eh-'));
let sandbox: Sandbox;
let factory: AzureClientFactory;

beforeAll(async () => {
  sandbox = await createSandbox({ dataDir, hubs: 1 });
  factory = new AzureClientFactory(await sandboxTarget(sandbox));
});

afterAll(async () => {
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('AzureClientFactory.eventHubConsumer', () => {
  it('follows the hub\'s redirect to its built-in endpoint and reads what a device sent', async () => {
    const hub = sandbox.hubs[0] as Sandbox['hubs'][number];
    const ca = readFileSync(sandbox.caCertificatePath, 'utf8');
    const [[deviceId, key]] = [...(await createDevices(hubRegistry(hub.connectionString, ca), 'factory', 1))] as [[string, string]];
    const device = await openMqttDevice(hub.hostName, deviceId, key, ca);
    await device.sendEvent(telemetry({ temperature: 31 }, 'factory-1', { site: 'bench' }));
    await device.close();

    const consumer = await factory.eventHubConsumer(undefined, '$Default');
    try {
      expect((await consumer.getEventHubProperties()).name).toBe('sandbox-hub-1');
      const events = await readUntil(consumer, earliestEventPosition, (all) => all.some((e) => e.messageId === 'factory-1'));
      expect(events.map((e) => e.systemProperties?.['iothub-message-source']).slice(0, 3)).toEqual(['deviceLifecycleEvents', 'deviceConnectionStateEvents', 'Telemetry']);
      const event = events.find((e) => e.messageId === 'factory-1');
      expect(event).toMatchObject({ body: { temperature: 31 }, properties: { site: 'bench' } });
      expect(event?.systemProperties?.['iothub-connection-device-id']).toBe(deviceId);
    } finally {
      await consumer.close();
    }
  });

  it('serves the console\'s HubEventSource: telemetry in the built-in endpoint\'s shape, with its partition position', async () => {
    const hub = sandbox.hubs[0] as Sandbox['hubs'][number];
    // A new sandbox hub routes lifecycle, twin-change and connection-state events to the built-in endpoint too (src-main/README.md "Hub events").
    const saved = (await factory.sandboxGet(hub.hostName, '/sandbox/v1/routing')) as { routes: { source: string; endpointNames: string[] }[] };
    expect(saved.routes.map((r) => [r.source, r.endpointNames])).toEqual([
      ['DeviceLifecycleEvents', ['events']],
      ['TwinChangeEvents', ['events']],
      ['DeviceConnectionStateEvents', ['events']],
    ]);
    const seen: HubEvent[] = [];
    const source = new EventHubsHubEventSource({ consumer: (hubHost) => factory.eventHubConsumer(hubHost) });
    const subscription = await source.subscribe(hub.hostName, { from: 'earliest' }, (events) => seen.push(...events), (error) => seen.push({ kind: 'telemetry', error } as never));
    try {
      await expect.poll(() => seen.some((e) => e.systemProperties['message-id'] === 'factory-1'), { timeout: 20_000 }).toBe(true);
      const event = seen.find((e) => e.systemProperties['message-id'] === 'factory-1') as HubEvent;
      expect(event).toMatchObject({ kind: 'telemetry', hubHost: hub.hostName, body: { temperature: 31 }, bodyEncoding: 'json', properties: { site: 'bench' } });
      expect(event.deviceId).toMatch(/^factory-/);
      expect(event.position).toMatchObject({ partitionId: expect.stringMatching(/^[0-3]$/), sequenceNumber: expect.any(Number) });
    } finally {
      await subscription.close();
    }
  });

  it('refuses a wrong policy key as unauthorized, and an unknown hub as not found', async () => {
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    const target = factory.target;
    const bad = new AzureClientFactory({ ...target, hubs: target.hubs.map((h) => ({ ...h, auth: { kind: 'sas', policyName: 'iothubowner', key: wrongKey } })) });
    await expect(bad.eventHubConsumer()).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(bad.eventHubConsumer('elsewhere.invalid:1')).rejects.toMatchObject({ code: 'not_found' });
  });
});
