import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import deviceSdk from 'azure-iot-device';
import { NEVER } from './device-json.ts';
import { startTestHub } from './test-support.ts';

describe('lastActivityTime', () => {
  it('moves with device traffic and is written to sqlite on close, not per message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-activity-'));
    const ownerKey = Buffer.alloc(32, 6).toString('base64');
    try {
      const first = await startTestHub({ dir, ownerKey, name: 'activity-hub' });
      const created = (await first.registry().create({ deviceId: 'a-1' })).responseBody;
      expect(created.lastActivityTime).toBe(NEVER);
      const client = await first.deviceClient('a-1', created.authentication?.symmetricKey?.primaryKey as string);
      await client.open();
      const before = Date.now();
      await client.sendEvent(new deviceSdk.Message('tick'));
      const live = (await first.registry().get('a-1')).responseBody;
      expect(Date.parse(live.lastActivityTime as unknown as string)).toBeGreaterThanOrEqual(before - 1000);
      await client.close();
      await first.close();

      const second = await startTestHub({ dir, ownerKey, name: 'activity-hub' });
      try {
        const stored = (await second.registry().get('a-1')).responseBody;
        expect(stored.connectionState).toBe('Disconnected');
        expect(Date.parse(stored.lastActivityTime as unknown as string)).toBeGreaterThanOrEqual(before - 1000);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
