import { createHmac } from 'node:crypto';
import https from 'node:https';
import type { SequencedEvent } from './hub-events.ts';
import type { TestHub } from './test-support.ts';

/** A service SAS signed with the owner key; `lifetimeS` < 0 gives an expired one. */
export function ownerToken(t: TestHub, lifetimeS = 600): string {
  const expiry = Math.floor(Date.now() / 1000) + lifetimeS;
  const sig = createHmac('sha256', Buffer.from(t.ownerKey, 'base64')).update(`${t.hostName}\n${expiry}`).digest('base64');
  return `SharedAccessSignature sr=${t.hostName}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=iothubowner`;
}

/** A plain HTTPS request, for the sandbox-only API and inputs the SDK would never send. */
export function request(
  t: TestHub,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; token?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: t.port,
        method,
        path,
        ca: t.tls.caPem,
        headers: { authorization: options.token ?? ownerToken(t), 'content-type': 'application/json', ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Reads GET /sandbox/v1/events and lets a test await the first event matching a predicate. */
export function openEventStream(t: TestHub, since?: number) {
  const seen: SequencedEvent[] = [];
  const waiters: { match: (e: SequencedEvent) => boolean; resolve: (e: SequencedEvent) => void }[] = [];
  let req: ReturnType<typeof https.request> | undefined;
  const ready = new Promise<number>((resolve, reject) => {
    req = https.request(
      { host: '127.0.0.1', port: t.port, path: `/sandbox/v1/events${since === undefined ? '' : `?since=${since}`}`, ca: t.tls.caPem, headers: { authorization: ownerToken(t) } },
      (res) => {
        resolve(res.statusCode ?? 0);
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pending += chunk;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            if (!line.trim()) continue;
            const event = JSON.parse(line) as SequencedEvent;
            seen.push(event);
            for (const waiter of waiters.slice()) {
              if (waiter.match(event)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(event);
              }
            }
          }
        });
        res.on('error', () => {});
      },
    );
    req.on('error', reject);
    req.end();
  });
  return {
    ready,
    seen,
    next(match: (e: SequencedEvent) => boolean): Promise<SequencedEvent> {
      const found = seen.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => req?.destroy(),
  };
}
