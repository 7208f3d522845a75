import rhea from 'rhea';
import type { Connection, Delivery, EventContext } from 'rhea';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-support.ts';
import { hmacBase64 } from '../server/sas.ts';

// The SDKs' AMQP stack (rhea under @azure/event-hubs) can settle a delivery after it ended the
// session it came on. The service shrugs that off; a broker that drops the connection for it makes
// the client's close wait for an answer that never comes.
let hub: TestHub;

function ownerToken(): string {
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const resource = encodeURIComponent(hub.hostName);
  return `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(hmacBase64(hub.ownerKey, `${resource}\n${expiry}`))}&se=${expiry}&skn=iothubowner`;
}

/** One $cbs put-token round trip on a new session; resolves with the reply's delivery, not yet settled. */
function putToken(connection: Connection, id: string): Promise<{ status: unknown; delivery: Delivery; end: () => void }> {
  return new Promise((resolve, reject) => {
    const session = connection.create_session();
    session.begin();
    const receiver = session.attach_receiver({ source: { address: '$cbs' }, autoaccept: false });
    const sender = session.attach_sender({ target: { address: '$cbs' } });
    receiver.once('message', (context: EventContext) => {
      resolve({ status: context.message?.application_properties?.['status-code'], delivery: context.delivery as Delivery, end: () => session.close() });
    });
    sender.once('sendable', () => sender.send({ message_id: id, reply_to: '$cbs', application_properties: { operation: 'put-token', type: 'servicebus.windows.net:sastoken', name: hub.hostName }, body: ownerToken() }));
    connection.once('disconnected', () => reject(new Error('the hub dropped the connection')));
  });
}

beforeAll(async () => {
  hub = await startTestHub();
}, 30_000);

afterAll(async () => {
  await hub?.close();
});

describe('a settlement that arrives after its session ended', () => {
  it('is ignored, and the connection goes on serving', async () => {
    const container = rhea.create_container();
    const connection = container.connect({
      host: '127.0.0.1',
      port: hub.port,
      transport: 'tls',
      ca: [hub.tls.caPem],
      servername: '127.0.0.1',
      username: `iothubowner@sas.root.${hub.hostName}`,
      password: ownerToken(),
      reconnect: false,
    } as never);
    connection.on('error', () => undefined);
    try {
      const first = await putToken(connection, 'first');
      expect(first.status).toBe(200);
      // End the session and, once the hub has ended it too, settle what came on it (this side does
      // not read meanwhile, so its stack still thinks the session is ending): the SDK's order.
      const socket = (connection as unknown as { socket: { pause(): void; resume(): void } }).socket;
      socket.pause();
      first.end();
      await new Promise((resolve) => setTimeout(resolve, 300));
      first.delivery.accept();
      await new Promise((resolve) => setTimeout(resolve, 300));
      socket.resume();
      const second = await putToken(connection, 'second');
      expect(second.status).toBe(200);
      expect(connection.is_open()).toBe(true);
    } finally {
      connection.close();
    }
  }, 30_000);
});
