import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from 'azure-iot-device';
import { startTestHub } from './test-support.ts';
import { request } from './test-requests.ts';

describe('cloud-to-device messages are durable once acknowledged', () => {
  it('delivers a message accepted before a restart, then forgets it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-c2d-'));
    const ownerKey = Buffer.alloc(32, 5).toString('base64');
    try {
      const first = await startTestHub({ dir, ownerKey, name: 'c2d-hub' });
      const key = (await first.registry().create({ deviceId: 'c-1' })).responseBody.authentication?.symmetricKey?.primaryKey as string;
      const sent = await request(first, 'POST', '/sandbox/v1/devices/c-1/messages', { body: JSON.stringify({ payload: 'across a restart', messageId: 'r-1' }) });
      expect(sent.status).toBe(202);
      expect(JSON.parse(sent.body).delivered).toBe(false);
      await first.close();

      const second = await startTestHub({ dir, ownerKey, name: 'c2d-hub' });
      try {
        expect((await second.registry().get('c-1')).responseBody.cloudToDeviceMessageCount).toBe(1);
        const client = await second.deviceClient('c-1', key);
        const received = new Promise<Message>((resolve) => client.on('message', (m: Message) => resolve(m)));
        await client.open();
        const message = await received;
        expect(message.data.toString()).toBe('across a restart');
        expect(message.messageId).toBe('r-1');
        await expect.poll(async () => (await second.registry().get('c-1')).responseBody.cloudToDeviceMessageCount).toBe(0);
        await client.close();
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a 51st waiting message and drops the queue with the device', async () => {
    const t = await startTestHub();
    try {
      await t.registry().create({ deviceId: 'c-full' });
      for (let i = 0; i < 50; i++) expect((await request(t, 'POST', '/sandbox/v1/devices/c-full/messages', { body: `{"payload":${i}}` })).status).toBe(202);
      const full = await request(t, 'POST', '/sandbox/v1/devices/c-full/messages', { body: '{"payload":"one too many"}' });
      expect(full.status).toBe(403);
      expect(JSON.parse(full.body).Message).toMatch(/^ErrorCode:DeviceMaximumQueueDepthExceeded;/);
      await t.registry().delete('c-full');
      await t.registry().create({ deviceId: 'c-full' });
      expect((await t.registry().get('c-full')).responseBody.cloudToDeviceMessageCount).toBe(0);
    } finally {
      await t.close();
    }
  });
});
