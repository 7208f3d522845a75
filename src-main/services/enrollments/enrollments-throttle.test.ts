import https from 'node:https';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { provisioningSdk } from '../azure/sdk-modules.ts';
import { startEnrollmentsHarness, TEST_PROFILE, type EnrollmentsHarness } from './enrollments-test-support.ts';

let h: EnrollmentsHarness;

beforeAll(async () => {
  h = await startEnrollmentsHarness({ throttle: true });
}, 60_000);

afterAll(async () => {
  await h?.dispose();
});

/**
 * Spends the S1 quota (1,000 service operations a minute) with cheap reads over one set of
 * kept-alive connections, round after round, until `enough()` says so.
 */
function quotaSpender() {
  const { host, auth } = h.factory.target.dps;
  if (auth.kind !== 'sas') throw new Error('sandbox DPS uses SAS');
  const sas = String(provisioningSdk.SharedAccessSignature.create(host, auth.policyName, auth.key, Math.floor(Date.now() / 1000) + 600));
  const [hostname, port] = [host.slice(0, host.lastIndexOf(':')), Number(host.slice(host.lastIndexOf(':') + 1))];
  const agent = new https.Agent({ keepAlive: true, maxSockets: 16, ca: h.factory.target.extraCaPem ?? undefined });
  const get = () =>
    new Promise<number>((resolve, reject) => {
      https
        .get({ hostname, port, agent, path: '/enrollments/quota-probe?api-version=2021-10-01', headers: { Authorization: sas } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
  return {
    async spend(enough: (sawThrottle: boolean) => boolean): Promise<void> {
      let sawThrottle = false;
      while (!enough(sawThrottle)) {
        const statuses = await Promise.all(Array.from({ length: 32 }, get));
        if (statuses.includes(429)) sawThrottle = true;
      }
    },
    close: () => agent.destroy(),
  };
}

it('an import that meets the quota waits the Retry-After the service gives and finishes with every row created once', async () => {
  const spender = quotaSpender();
  await spender.spend((sawThrottle) => sawThrottle);
  const file = ['serialNumber,customer', ...Array.from({ length: 1000 }, (_, i) => `T-${i},Contoso`)].join('\n');
  const task = h.service.imports.start(TEST_PROFILE, 'throttled.csv', file, { template: 'thr-{serial}' });
  // On a loaded machine the import alone is slower than the refill: keep spending until it has met a 429.
  await spender.spend(() => h.throttledCalls > 0 || h.tasks.get(TEST_PROFILE, task.id).status !== 'running');
  spender.close();
  const done = await h.tasks.finished(TEST_PROFILE, task.id);
  expect(done).toMatchObject({ status: 'succeeded', done: 1000, summary: { created: 1000, failed: 0 } });
  expect([h.throttledCalls, Number(done.summary.throttled)]).toEqual([expect.any(Number), h.throttledCalls]);
  expect(h.throttledCalls).toBeGreaterThan(0);
  expect(h.service.index.query(TEST_PROFILE, { kind: 'individual', search: 'thr-' }).total).toBe(1000);
}, 60_000);
