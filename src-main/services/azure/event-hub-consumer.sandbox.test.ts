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
      const [event] = await readUntil(consumer, earliestEventPosition, (events) => events.some((e) => e.messageId === 'factory-1'));
      expect(event).toMatchObject({ body: { temperature: 31 }, properties: { site: 'bench' } });
      expect(event?.systemProperties?.['iothub-connection-device-id']).toBe(deviceId);
    } finally {
      await consumer.close();
    }
  });

  it('names the refusal when the policy key is wrong, and needs a key for the redirect', async () => {
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    const target = factory.target;
    const bad = new AzureClientFactory({ ...target, hubs: target.hubs.map((h) => ({ ...h, auth: { kind: 'sas', policyName: 'iothubowner', key: wrongKey } })) });
    await expect(bad.eventHubConsumer()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(bad.eventHubConsumer('elsewhere.invalid:1')).rejects.toMatchObject({ code: 'not_found' });
  });
});
