import deviceSdk from 'azure-iot-device';
import type { Client } from 'azure-iothub';
import { AppError } from '../../../src-shared/contract/result.ts';

export interface CloudToDeviceRequest {
  deviceId: string;
  body: string;
  properties: Record<string, string>;
  ack: 'none' | 'full';
}

/** How long a send waits for the hub's delivery feedback before answering without it. */
const FEEDBACK_WAIT_MS = 15_000;

interface FeedbackRecord {
  originalMessageId?: string;
  statusCode?: string;
  description?: string;
}

/**
 * Sends one cloud-to-device message through the service SDK's Client (AMQP) and, where the
 * operator asked for feedback, waits a while for the hub's record of delivery or rejection.
 */
export async function sendCloudToDevice(client: Client, request: CloudToDeviceRequest, feedbackWaitMs = FEEDBACK_WAIT_MS): Promise<{ messageId: string; feedback: string | null }> {
  const message = new deviceSdk.Message(request.body);
  const messageId = `pb-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  message.messageId = messageId;
  for (const [name, value] of Object.entries(request.properties)) message.properties.add(name, value);
  await client.open();
  try {
    let feedback: Promise<string | null> = Promise.resolve(null);
    if (request.ack === 'full') {
      message.ack = 'full';
      const receiver = (await client.getFeedbackReceiver()).result;
      feedback = new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), feedbackWaitMs);
        receiver.on('message', (msg: { data?: Buffer | string }) => {
          try {
            const records = JSON.parse(String(msg.data ?? '[]')) as FeedbackRecord[];
            const mine = records.find((r) => r.originalMessageId === messageId);
            if (mine) {
              clearTimeout(timer);
              resolve(mine.statusCode ?? mine.description ?? 'Success');
            }
          } catch {
            // a feedback batch that is not JSON says nothing about this message
          }
        });
      });
    }
    try {
      await client.send(request.deviceId, message);
    } catch (error) {
      const text = (error as Error)?.message ?? String(error);
      if (/not ?found/i.test(text)) throw new AppError('not_found', `No device ${request.deviceId} to send to`);
      throw error;
    }
    return { messageId, feedback: await feedback };
  } finally {
    await client.close().catch(() => undefined);
  }
}
