import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iothub from 'azure-iothub';
import type { Client as ServiceClient } from 'azure-iothub';
import deviceSdk from 'azure-iot-device';
import type { TestHub } from '../hub/test-support.ts';
import { startTestHub } from '../hub/test-support.ts';
import { createDevices, trustCa } from './amqp-test-support.ts';

// The service Client talks AMQP (CBS, /messages/devicebound, /messages/serviceBound/feedback);
// the device listens over MQTT: the hub's durable C2D queue joins the two.
let hub: TestHub;
let service: ServiceClient;
let keys: Map<string, string>;

beforeAll(async () => {
  hub = await startTestHub();
  trustCa(hub.tls.caPem);
  keys = await createDevices(hub.registry(), 'c2d', 2);
  service = hub.serviceClient();
  await service.open();
});

afterAll(async () => {
  await service?.close();
  await hub.close();
});

type DeviceMessage = InstanceType<typeof deviceSdk.Message>;

/** Opens an MQTT device that completes what it gets; resolves `received` with the first message. */
async function completingDevice(deviceId: string) {
  const device = await hub.deviceClient(deviceId, keys.get(deviceId) as string);
  const received = new Promise<DeviceMessage>((resolve) => {
    device.on('message', (message: DeviceMessage) => {
      void device.complete(message);
      resolve(message);
    });
  });
  await device.open();
  return { device, received };
}

/** Listens for feedback; `records` resolves with the first batch that has a record for `originalMessageId`. */
async function feedbackFor(originalMessageId: string): Promise<{ records: Promise<unknown[]> }> {
  const { result: receiver } = await service.getFeedbackReceiver();
  const records = new Promise<unknown[]>((resolve) => {
    receiver.on('message', (message: { data: Buffer }) => {
      receiver.complete(message as never, () => {});
      const batch = JSON.parse(message.data.toString('utf8')) as Array<{ originalMessageId?: string }>;
      if (batch.some((r) => r.originalMessageId === originalMessageId)) resolve(batch);
    });
  });
  return { records };
}

describe('cloud-to-device over AMQP with the service Client', () => {
  it('reaches an MQTT device with its properties, and the delivery feedback comes back', async () => {
    const { received } = await completingDevice('c2d-0');
    const feedback = await feedbackFor('c2d-msg-1');

    const message = new deviceSdk.Message(JSON.stringify({ fan: 'on' }));
    message.messageId = 'c2d-msg-1';
    message.ack = 'full';
    message.properties.add('priority', 'high');
    await service.send('c2d-0', message as never);

    const got = await received;
    expect(got.messageId).toBe('c2d-msg-1');
    expect(JSON.parse(got.getData().toString())).toEqual({ fan: 'on' });
    expect(got.properties.getValue('priority')).toBe('high');
    expect(await feedback.records).toEqual([expect.objectContaining({ originalMessageId: 'c2d-msg-1', deviceId: 'c2d-0', statusCode: 'Success', description: 'Success' })]);
  });

  it('keeps a UUID message id as the UUID: the service Client sends it as the AMQP uuid type', async () => {
    const { device, received } = await completingDevice('c2d-1');
    const messageId = randomUUID();
    const feedback = await feedbackFor(messageId);
    const message = new deviceSdk.Message('uuid');
    message.messageId = messageId;
    message.correlationId = randomUUID();
    message.ack = 'positive';
    await service.send('c2d-1', message as never);
    const got = await received;
    expect(got.messageId).toBe(messageId);
    expect(got.correlationId).toBe(message.correlationId);
    expect(await feedback.records).toEqual([expect.objectContaining({ originalMessageId: messageId, deviceId: 'c2d-1', statusCode: 'Success' })]);
    await device.close();
  });

  it('answers a send to an unknown device with DeviceNotFoundError', async () => {
    await expect(service.send('ghost', 'hello' as never)).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
  });

  it('refuses a bad SAS on $cbs with the service error, and a policy without ServiceConnect', async () => {
    const wrong = iothub.Client.fromConnectionString(hub.connectionString('iothubowner', Buffer.alloc(32, 1).toString('base64')));
    await expect(wrong.open()).rejects.toMatchObject({ amqpError: expect.objectContaining({ name: 'UnauthorizedError' }) });
    const policies = hub.hub.accessPolicies;
    const registryRead = policies.find((p) => p.keyName === 'registryRead');
    const reader = iothub.Client.fromConnectionString(hub.connectionString('registryRead', registryRead?.primaryKey));
    await reader.open();
    try {
      await expect(reader.send('c2d-1', 'not allowed' as never)).rejects.toMatchObject({ name: 'UnauthorizedError' });
    } finally {
      await reader.close();
    }
  });
});
