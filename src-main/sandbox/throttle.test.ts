import https from 'node:https';
import { describe, expect, it } from 'vitest';
import { hmacBase64 } from './server/sas.ts';
import { DPS_LIMITS, Throttle } from './throttle.ts';
import { startTestSandbox } from './dps/dps-test-clients.ts';

describe('Throttle', () => {
  it('lets a burst up to the quota through, then asks to wait until a token refills', () => {
    let now = 0;
    const throttle = new Throttle(true, () => now);
    const rate = { limit: 3, windowMs: 3000 };
    expect([throttle.take('k', rate), throttle.take('k', rate), throttle.take('k', rate)]).toEqual([0, 0, 0]);
    expect(throttle.take('k', rate)).toBe(1);
    now = 999;
    expect(throttle.take('k', rate)).toBe(1);
    now = 1000;
    expect(throttle.take('k', rate)).toBe(0);
    expect(throttle.take('other', rate)).toBe(0);
  });

  it('never limits when quota emulation is off', () => {
    const throttle = new Throttle(false);
    for (let i = 0; i < 5000; i++) expect(throttle.take('k', DPS_LIMITS.registrations)).toBe(0);
  });
});

describe('--throttle on the DPS', () => {
  it('answers the sixth status poll within 10 s with 429 and Retry-After, as the service does', async () => {
    const t = await startTestSandbox({ throttle: true });
    try {
      const created = (await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'poller', attestation: { type: 'symmetricKey' } } as never)).responseBody;
      const key = (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
      const [host, port] = t.sandbox.provisioningHost.split(':');
      const sr = `${t.sandbox.idScope}/registrations/poller`;
      const se = Math.floor(Date.now() / 1000) + 600;
      const authorization = `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(hmacBase64(key, `${sr}\n${se}`))}&se=${se}&skn=registration`;
      const call = (method: string, path: string, body?: string) =>
        new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
          const req = https.request({ host, port: Number(port), method, path, ca: t.ca, headers: { Authorization: authorization, 'Content-Type': 'application/json' } }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
          });
          req.on('error', reject);
          req.end(body);
        });
      const registered = await call('PUT', `/${t.sandbox.idScope}/registrations/poller/register?api-version=2019-03-31`, JSON.stringify({ registrationId: 'poller' }));
      expect(registered.status).toBe(202);
      const { operationId } = JSON.parse(registered.body) as { operationId: string };
      const statuses: number[] = [];
      let throttled: { status: number; headers: Record<string, unknown>; body: string } | undefined;
      for (let i = 0; i < 6; i++) {
        const polled = await call('GET', `/${t.sandbox.idScope}/registrations/poller/operations/${operationId}?api-version=2019-03-31`);
        statuses.push(polled.status);
        if (polled.status === 429) throttled = polled;
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(Number(throttled?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(throttled?.body ?? '{}')).toMatchObject({ errorCode: 429001 });
    } finally {
      await t.dispose();
    }
  });
});
