import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuotaMeter } from './quotas.ts';
import type { TestHub } from './test-support.ts';
import { startTestHub } from './test-support.ts';
import { request } from './test-requests.ts';

describe('S1 quota emulation', () => {
  it('refills per-minute budgets at the published rate', () => {
    let now = 0;
    const meter = new QuotaMeter(true, () => now);
    for (let i = 0; i < 20; i++) meter.charge('query');
    expect(() => meter.charge('query')).toThrow(expect.objectContaining({ status: 429, headers: { 'Retry-After': '3' } }));
    now += 3_000;
    expect(() => meter.charge('query')).not.toThrow();
    expect(() => new QuotaMeter(false, () => now).charge('query')).not.toThrow();
  });

  describe('through the SDK', () => {
    let t: TestHub;
    beforeAll(async () => {
      t = await startTestHub({ throttle: true });
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers 429 ThrottlingError with Retry-After once the query quota is spent', async () => {
      for (let i = 0; i < 20; i++) {
        expect((await request(t, 'POST', '/devices/query?api-version=2021-04-12', { body: '{"query":"SELECT * FROM devices"}' })).status).toBe(200);
      }
      const throttled = await request(t, 'POST', '/devices/query?api-version=2021-04-12', { body: '{"query":"SELECT * FROM devices"}' });
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const query = t.registry().createQuery('SELECT * FROM devices', 10);
      const error = await new Promise<Error>((resolve) => query.next((err) => resolve(err as Error)));
      expect(error.name).toBe('ThrottlingError');
      // Other operation classes have their own budgets.
      await expect(t.registry().create({ deviceId: 'still-allowed' })).resolves.toBeDefined();
    });
  });
});
