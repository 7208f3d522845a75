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
 * Spends the S1 quota (1,000 service operations a minute) with cheap reads over kept-alive
 * connections, and keeps spending what refills until `enough()` says so.
 */
async function spendQuota(enough: (sawThrottle: boolean) => boolean): Promise<void> {
  const { host, auth } = h.factory.target.dps;
  if (auth.kind !== 'sas') throw new Error('sandbox DPS uses SAS');
  const sas = String(provisioningSdk.SharedAccessSignature.create(host, auth.policyName, auth.key, Math.floor(Date.now() / 1000) + 600));
  const [hostname, port] = [host.slice(0, host.lastIndexOf(':')), Number(host.slice(host.lastIndexOf(':') + 1))];
  const agent = new https.Agent({ keepAlive: true, maxSockets: 8, ca: h.factory.target.extraCaPem ?? undefined });
  const get = () =>
    new Promise<number>((resolve, reject) => {
      https
        .get({ hostname, port, agent, path: '/enrollments/quota-probe?api-version=2021-10-01', headers: { Authorization: sas } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
  let sawThrottle = false;
  while (!enough(sawThrottle)) {
    const statuses = await Promise.all(Array.from({ length: 20 }, get));
    if (statuses.includes(429)) sawThrottle = true;
  }
  agent.destroy();
}

it('an import that meets the quota waits the Retry-After the service gives and finishes with every row created once', async () => {
  await spendQuota((sawThrottle) => sawThrottle);
  const file = ['serialNumber,customer', ...Array.from({ length: 400 }, (_, i) => `T-${i},Contoso`)].join('\n');
  const task = h.service.imports.start(TEST_PROFILE, 'throttled.csv', file, { template: 'thr-{serial}' });
  // Whatever refills meanwhile is spent too, until the import has met a 429.
  await spendQuota(() => h.throttledCalls > 0 || h.tasks.get(TEST_PROFILE, task.id).status !== 'running');
  const done = await h.tasks.finished(TEST_PROFILE, task.id);
  expect(done).toMatchObject({ status: 'succeeded', done: 400, summary: { created: 400, failed: 0 } });
  expect(Number(done.summary.throttled)).toBeGreaterThan(0);
  const ids = h.service.index.query(TEST_PROFILE, { kind: 'individual', search: 'thr-', limit: 1000 }).rows.map((r) => r.id);
  expect(ids).toHaveLength(400);
}, 60_000);
