import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from 'azure-iot-device';
import { SandboxDatabase } from '../store/database.ts';
import type { C2dMessage } from './c2d-queue.ts';
import { C2D_DEFAULT_TTL_MS, C2D_MAX_DELIVERY_COUNT, C2D_MAX_TTL_MS, CloudToDeviceQueue } from './c2d-queue.ts';
import { encodePropertyBag } from './property-bag.ts';
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

describe('cloud-to-device queue: expiry, delivery count, outcomes', () => {
  const bag = (system: Record<string, string> = {}) => encodePropertyBag({ system: { messageId: 'm', ...system }, application: {} });

  it('gives each message the default 1 h expiry, honours a shorter one and caps a longer one at 48 h', () => {
    const dir = mkdtempSync(join(tmpdir(), 'c2d-expiry-'));
    const db = new SandboxDatabase(join(dir, 'store.db'));
    const queue = new CloudToDeviceQueue(db, 'h');
    try {
      const now = Date.now();
      queue.enqueue('d', Buffer.from('a'), bag());
      queue.enqueue('d', Buffer.from('b'), bag({ expiryTimeUtc: new Date(now + 60_000).toISOString() }));
      queue.enqueue('d', Buffer.from('c'), bag({ expiryTimeUtc: new Date(now + 100 * 3_600_000).toISOString() }));
      const [a, b, c] = queue.pending('d').map((m) => Date.parse(m.expiryTime as string) - now);
      expect(a).toBeGreaterThanOrEqual(C2D_DEFAULT_TTL_MS - 1_000);
      expect(a).toBeLessThanOrEqual(C2D_DEFAULT_TTL_MS + 1_000);
      expect(b).toBeLessThanOrEqual(60_000);
      expect(c).toBeLessThanOrEqual(C2D_MAX_TTL_MS + 1_000);
      expect(c).toBeGreaterThanOrEqual(C2D_MAX_TTL_MS - 1_000);
    } finally {
      queue.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requeues abandons until the count passes the maximum, and reports each way out once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'c2d-count-'));
    const db = new SandboxDatabase(join(dir, 'store.db'));
    const queue = new CloudToDeviceQueue(db, 'h');
    const outcomes: string[] = [];
    queue.onOutcome((deviceId, message, outcome) => outcomes.push(`${deviceId}:${message.payload.toString()}:${outcome}`));
    try {
      queue.enqueue('d', Buffer.from('abandoned'), bag());
      queue.enqueue('d', Buffer.from('rejected'), bag());
      queue.enqueue('d', Buffer.from('completed'), bag());
      const [abandoned, rejected, completed] = queue.pending('d') as [C2dMessage, C2dMessage, C2dMessage];
      for (let i = 1; i <= C2D_MAX_DELIVERY_COUNT; i++) expect(queue.abandon('d', abandoned.id, abandoned), `abandon ${i}`).toBe(true);
      expect(queue.pending('d')[0]?.deliveryCount).toBe(C2D_MAX_DELIVERY_COUNT);
      expect(queue.abandon('d', abandoned.id, abandoned)).toBe(false);
      expect(queue.abandon('d', abandoned.id, abandoned)).toBe(false);
      queue.reject('d', rejected.id, rejected);
      queue.delivered('d', completed.id, completed);
      queue.delivered('d', completed.id, completed);
      expect(outcomes).toEqual(['d:abandoned:DeliveryCountExceeded', 'd:rejected:Rejected', 'd:completed:Success']);
      expect(queue.count('d')).toBe(0);
    } finally {
      queue.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('expires a message that was waiting when the hub stopped, once it starts again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c2d-restart-'));
    const db = new SandboxDatabase(join(dir, 'store.db'));
    try {
      const first = new CloudToDeviceQueue(db, 'h');
      first.enqueue('d', Buffer.from('late'), bag({ expiryTimeUtc: new Date(Date.now() + 200).toISOString() }));
      first.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = new CloudToDeviceQueue(db, 'h');
      const expired = new Promise<string>((resolve) => second.onOutcome((_d, message, outcome) => resolve(`${message.payload.toString()}:${outcome}`)));
      expect(second.pending('d')).toEqual([]);
      expect(await expired).toBe('late:Expired');
      expect(second.count('d')).toBe(0);
      second.close();
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
