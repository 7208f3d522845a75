import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHubConsumerClient, earliestEventPosition } from '@azure/event-hubs';
import type { TestHub } from '../hub/test-support.ts';
import { startTestHub } from '../hub/test-support.ts';
import { readUntil, trustCa } from './amqp-test-support.ts';

// A reader starting at the earliest position of a long backlog: more events per partition than the
// client's session window (2048 transfers), so the hub must pace itself by credit and window.
const EVENTS = 12_000;
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  trustCa(hub.tls.caPem);
  const body = Buffer.from('{"temperature":21}');
  const writes: Promise<void>[] = [];
  for (let i = 0; i < EVENTS; i++) {
    writes.push(hub.hub.amqp.deviceMessage(`d${i % 3}`, body, { system: { messageId: `b-${i}` }, application: {} }, '{}'));
  }
  await Promise.all(writes);
});

afterAll(async () => {
  await hub.close();
});

describe('a backlog larger than the session window', () => {
  it('is read to the end without the connection dropping', async () => {
    const client = new EventHubConsumerClient('$Default', `Endpoint=sb://${hub.hostName}/;SharedAccessKeyName=iothubowner;SharedAccessKey=${hub.ownerKey};EntityPath=hub1`);
    try {
      const events = await readUntil(client, earliestEventPosition, (all) => all.length >= EVENTS, { timeoutMs: 25_000 });
      expect(new Set(events.map((e) => e.messageId)).size).toBe(EVENTS);
    } finally {
      await client.close();
    }
  });
});
