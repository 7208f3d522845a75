import { randomUUID } from 'node:crypto';
import rhea from 'rhea';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHubConsumerClient, earliestEventPosition } from '@azure/event-hubs';
import deviceSdk from 'azure-iot-device';
import type { Client as DeviceClient, Twin } from 'azure-iot-device';
import deviceAmqp from 'azure-iot-device-amqp';
import type { Client as ServiceClient } from 'azure-iothub';
import type { TestHub } from '../hub/test-support.ts';
import { startTestHub } from '../hub/test-support.ts';
import { createDevices, readUntil, telemetry, trustCa } from './amqp-test-support.ts';

// azure-iot-device-amqp against the hub's AMQP port: CBS with the device's SAS, then its links.
let hub: TestHub;
let device: DeviceClient;
let service: ServiceClient;

beforeAll(async () => {
  hub = await startTestHub();
  trustCa(hub.tls.caPem);
  const keys = await createDevices(hub.registry(), 'amqp-dev', 1);
  device = deviceSdk.Client.fromConnectionString(`HostName=${hub.hostName};DeviceId=amqp-dev-0;SharedAccessKey=${keys.get('amqp-dev-0') as string}`, deviceAmqp.Amqp);
  await device.setOptions({ ca: hub.tls.caPem });
  await device.open();
  service = hub.serviceClient();
  await service.open();
});

afterAll(async () => {
  await device?.close();
  await service?.close();
  await hub.close();
});

type DeviceMessage = InstanceType<typeof deviceSdk.Message>;

describe('devices over AMQP', () => {
  it('sends telemetry that Event Hubs readers get with its properties', async () => {
    await device.sendEvent(telemetry({ temperature: 22 }, 'amqp-t-1', { line: '3' }));
    const client = new EventHubConsumerClient('$Default', `Endpoint=sb://${hub.hostName}/;SharedAccessKeyName=iothubowner;SharedAccessKey=${hub.ownerKey};EntityPath=hub1`);
    try {
      const events = await readUntil(client, earliestEventPosition, (all) => all.some((e) => e.messageId === 'amqp-t-1'));
      const event = events.find((e) => e.messageId === 'amqp-t-1');
      expect(event).toMatchObject({ body: { temperature: 22 }, properties: { line: '3' } });
      expect(event?.systemProperties?.['iothub-connection-device-id']).toBe('amqp-dev-0');
    } finally {
      await client.close();
    }
  });

  it('keeps a UUID message id as the AMQP uuid type, as the SDK sent it (empty_messages.js reads it so)', async () => {
    const id = randomUUID();
    const message = telemetry({ n: 1 }, id);
    message.correlationId = 'not-a-uuid';
    await device.sendEvent(message);
    const client = new EventHubConsumerClient('$Default', `Endpoint=sb://${hub.hostName}/;SharedAccessKeyName=iothubowner;SharedAccessKey=${hub.ownerKey};EntityPath=hub1`);
    try {
      const sameId = (value: unknown) => Buffer.isBuffer(value) && rhea.uuid_to_string(value) === id;
      const events = await readUntil(client, earliestEventPosition, (all) => all.some((e) => sameId(e.messageId)));
      const event = events.find((e) => sameId(e.messageId));
      expect(event?.correlationId).toBe('not-a-uuid');
      expect(event?.systemProperties?.['iothub-connection-device-id']).toBe('amqp-dev-0');
    } finally {
      await client.close();
    }
  });

  it('receives cloud-to-device messages and completes them, which sends feedback', async () => {
    const received = new Promise<DeviceMessage>((resolve) => {
      device.on('message', (message: DeviceMessage) => {
        void device.complete(message);
        resolve(message);
      });
    });
    const { result: feedbackReceiver } = await service.getFeedbackReceiver();
    const feedback = new Promise<unknown[]>((resolve) => {
      feedbackReceiver.on('message', (message: { data: Buffer }) => {
        feedbackReceiver.complete(message as never, () => {});
        resolve(JSON.parse(message.data.toString('utf8')) as unknown[]);
      });
    });
    const message = new deviceSdk.Message('reboot at noon');
    message.messageId = 'amqp-c2d-1';
    message.ack = 'full';
    await service.send('amqp-dev-0', message as never);
    const got = await received;
    expect(got.messageId).toBe('amqp-c2d-1');
    expect(got.getData().toString()).toBe('reboot at noon');
    expect(await feedback).toEqual([expect.objectContaining({ originalMessageId: 'amqp-c2d-1', deviceId: 'amqp-dev-0', statusCode: 'Success' })]);
  });

  it('answers a direct method the service invokes', async () => {
    device.onDeviceMethod('reboot', (request, response) => {
      void response.send(200, { accepted: true, delay: (request.payload as { delay: number }).delay });
    });
    await expect.poll(async () => {
      try {
        return (await service.invokeDeviceMethod('amqp-dev-0', { methodName: 'reboot', payload: { delay: 5 }, responseTimeoutInSeconds: 10 })).result;
      } catch {
        return null;
      }
    }, { timeout: 15_000 }).toEqual({ status: 200, payload: { accepted: true, delay: 5 } });
  });

  it('gets its twin, reports properties and hears desired changes', async () => {
    const twin = (await device.getTwin()) as Twin;
    const desired = new Promise<Record<string, unknown>>((resolve) => {
      twin.on('properties.desired', (delta: Record<string, unknown>) => {
        if (delta['fan'] === 'on') resolve(delta);
      });
    });
    await new Promise<void>((resolve, reject) => twin.properties.reported.update({ firmware: '2.0' }, (error?: Error) => (error ? reject(error) : resolve())));
    expect((await hub.registry().getTwin('amqp-dev-0')).responseBody.properties.reported['firmware']).toBe('2.0');
    await hub.registry().updateTwin('amqp-dev-0', { properties: { desired: { fan: 'on' } } } as never, '*');
    expect(await desired).toMatchObject({ fan: 'on' });
  });
});
