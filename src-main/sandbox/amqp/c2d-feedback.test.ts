import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as DeviceSdk from 'azure-iot-device';
import deviceAmqp from 'azure-iot-device-amqp';
import type * as DeviceHttpSdk from 'azure-iot-device-http';
import type { Client as ServiceClient } from 'azure-iothub';
import { type HttpClass, sandboxHttp } from '../dps/dps-test-clients.ts';
import { C2D_MAX_DELIVERY_COUNT } from '../hub/c2d-queue.ts';
import type { TestHub } from '../hub/test-support.ts';
import { startTestHub } from '../hub/test-support.ts';
import { createDevices, trustCa } from './amqp-test-support.ts';
import type { FeedbackRecord } from './feedback-store.ts';

// Feedback beyond Success, with the official clients on both ends: the service Client sends with
// an ack and reads /messages/serviceBound/feedback; devices reject over AMQP, abandon over HTTPS,
// or stay away until the message expires.
const require = createRequire(import.meta.url);
const { Client, Message, SharedAccessKeyAuthenticationProvider } = require('azure-iot-device') as typeof DeviceSdk;
const { Http: DeviceHttp } = require('azure-iot-device-http') as typeof DeviceHttpSdk;
const { Http: HttpBase } = require('azure-iot-http-base') as { Http: HttpClass };

let hub: TestHub;
let service: ServiceClient;
let keys: Map<string, string>;
const records: FeedbackRecord[] = [];
const waiters = new Set<() => void>();

beforeAll(async () => {
  hub = await startTestHub();
  trustCa(hub.tls.caPem);
  keys = await createDevices(hub.registry(), 'fb', 4);
  service = hub.serviceClient();
  await service.open();
  const { result: receiver } = await service.getFeedbackReceiver();
  receiver.on('message', (message: { data: Buffer }) => {
    records.push(...(JSON.parse(message.data.toString('utf8')) as FeedbackRecord[]));
    receiver.complete(message as never, () => {});
    for (const wake of waiters) wake();
  });
}, 30_000);

afterAll(async () => {
  await service?.close();
  await hub?.close();
});

/** The first feedback record for a message id, waiting for it to arrive. */
async function feedbackFor(messageId: string, timeoutMs = 30_000): Promise<FeedbackRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = records.find((r) => r.originalMessageId === messageId);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no feedback for ${messageId}; got ${JSON.stringify(records)}`);
    await new Promise<void>((resolve) => {
      const wake = () => {
        waiters.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(wake, 200);
      waiters.add(wake);
    });
  }
}

function c2d(messageId: string, ack: 'full' | 'negative' | 'positive', body = 'do the thing'): DeviceSdk.Message {
  const message = new Message(body);
  message.messageId = messageId;
  message.ack = ack;
  return message;
}

const queued = async (deviceId: string) => (await hub.registry().get(deviceId)).responseBody.cloudToDeviceMessageCount;

describe('cloud-to-device feedback beyond Success', () => {
  it('reports Rejected when an AMQP device rejects the message, and drops it', async () => {
    const device = Client.fromConnectionString(`HostName=${hub.hostName};DeviceId=fb-0;SharedAccessKey=${keys.get('fb-0') as string}`, deviceAmqp.Amqp);
    await device.setOptions({ ca: hub.tls.caPem });
    const seen: string[] = [];
    device.on('message', (message: DeviceSdk.Message) => {
      seen.push(String(message.messageId));
      void device.reject(message);
    });
    await device.open();
    try {
      await service.send('fb-0', c2d('reject-me', 'full') as never);
      const record = await feedbackFor('reject-me');
      expect(record).toMatchObject({ deviceId: 'fb-0', statusCode: 'Rejected', description: expect.any(String) });
      expect(record.deviceGenerationId).toBe((await hub.registry().get('fb-0')).responseBody.generationId);
      expect(Date.parse(record.enqueuedTimeUtc)).not.toBeNaN();
      expect(seen).toEqual(['reject-me']);
      expect(await queued('fb-0')).toBe(0);
    } finally {
      await device.close();
    }
  }, 60_000);

  it('redelivers to an AMQP device that abandons until the delivery count runs out', async () => {
    const device = Client.fromConnectionString(`HostName=${hub.hostName};DeviceId=fb-3;SharedAccessKey=${keys.get('fb-3') as string}`, deviceAmqp.Amqp);
    await device.setOptions({ ca: hub.tls.caPem });
    let deliveries = 0;
    device.on('message', (message: DeviceSdk.Message) => {
      deliveries++;
      void device.abandon(message);
    });
    await device.open();
    try {
      await service.send('fb-3', c2d('amqp-abandon-me', 'full') as never);
      expect(await feedbackFor('amqp-abandon-me')).toMatchObject({ deviceId: 'fb-3', statusCode: 'DeliveryCountExceeded' });
      expect(deliveries).toBe(C2D_MAX_DELIVERY_COUNT + 1);
      expect(await queued('fb-3')).toBe(0);
    } finally {
      await device.close();
    }
  }, 60_000);

  it(`reports DeliveryCountExceeded after an HTTPS device abandons ${C2D_MAX_DELIVERY_COUNT + 1} times`, async () => {
    const provider = SharedAccessKeyAuthenticationProvider.fromConnectionString(`HostName=${hub.hostName};DeviceId=fb-1;SharedAccessKey=${keys.get('fb-1') as string}`);
    const transport = new (DeviceHttp as unknown as new (auth: unknown, http: unknown) => object)(provider, sandboxHttp(HttpBase, hub.tls.caPem));
    const device = new Client(transport as never);
    await device.setOptions({ http: { receivePolicy: { interval: 0.1, drain: false } } } as never);
    let abandoned = 0;
    let refused = 0;
    device.on('message', (message: DeviceSdk.Message) => {
      device.abandon(message).then(
        () => abandoned++,
        () => refused++,
      );
    });
    await service.send('fb-1', c2d('abandon-me', 'negative') as never);
    try {
      const record = await feedbackFor('abandon-me', 60_000);
      expect(record).toMatchObject({ deviceId: 'fb-1', statusCode: 'DeliveryCountExceeded' });
      // Each abandon the hub accepted counted once; the one past the maximum dead-lettered it (its
      // 204 may reach the device after the feedback reached the service, hence the poll).
      await expect.poll(() => abandoned, { timeout: 10_000 }).toBe(C2D_MAX_DELIVERY_COUNT + 1);
      expect(await queued('fb-1')).toBe(0);
    } finally {
      await device.close();
    }
  }, 90_000);

  it('reports Expired when a message outlives its expiry before an offline device comes back, and nothing for ack positive', async () => {
    const soon = new Date(Date.now() + 1_500);
    // azure-iothub's rhea writes the AMQP timestamp from a number of milliseconds (a Date throws there).
    const expiring = c2d('expire-me', 'negative');
    expiring.expiryTimeUtc = soon.getTime() as never;
    const quiet = c2d('expire-quietly', 'positive');
    quiet.expiryTimeUtc = soon.getTime() as never;
    await service.send('fb-2', expiring as never);
    await service.send('fb-2', quiet as never);
    expect(await queued('fb-2')).toBe(2);
    const record = await feedbackFor('expire-me');
    expect(record).toMatchObject({ deviceId: 'fb-2', statusCode: 'Expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(soon.getTime() - 50);
    expect(await queued('fb-2')).toBe(0);
    expect(records.find((r) => r.originalMessageId === 'expire-quietly')).toBeUndefined();

    // The device connecting afterwards gets neither.
    const device = await hub.deviceClient('fb-2', keys.get('fb-2') as string);
    const got: string[] = [];
    device.on('message', (message: DeviceSdk.Message) => got.push(String(message.messageId)));
    await device.open();
    await service.send('fb-2', c2d('after-expiry', 'positive') as never);
    await feedbackFor('after-expiry');
    await expect.poll(() => got.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(got).toEqual(['after-expiry']);
    await device.close();
  }, 60_000);
});
