import { once } from 'node:events';
import { createRequire } from 'node:module';
import rhea from 'rhea';
import type { Connection, EventContext, Message, Receiver, Sender } from 'rhea';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacBase64 } from '../server/sas.ts';
import { startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

const require = createRequire(import.meta.url);
const { SaslTpm } = require('azure-iot-provisioning-device-amqp/dist/sasl_tpm.js') as { SaslTpm: new (idScope: string, registrationId: string, ek: Buffer, srk: Buffer, getSasToken: unknown) => object };

/** Raw AMQP (rhea as client) against the DPS, for what the SDK never sends: other registrations' links, foreign bodies, unknown operations. */
let t: TestSandbox;
let key: string;
beforeAll(async () => {
  // Quotas on: status polls are limited to 5 per device per 10 s, so throttling can be seen.
  t = await startTestSandbox({ hubs: 1, throttle: true });
  const created = (await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'raw-amqp', attestation: { type: 'symmetricKey' } } as never)).responseBody;
  key = (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
});
afterAll(async () => t?.dispose());

function sas(registrationId: string): string {
  const sr = `${t.sandbox.idScope}/registrations/${registrationId}`;
  const se = Math.floor(Date.now() / 1000) + 600;
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(hmacBase64(key, `${sr}\n${se}`))}&se=${se}&skn=registration`;
}

async function open(registrationId: string): Promise<Connection> {
  const [host, port] = t.sandbox.provisioningHost.split(':');
  const container = rhea.create_container();
  const connection = container.connect({ host, port: Number(port), transport: 'tls', ca: t.ca, servername: 'localhost', username: `${t.sandbox.idScope}/registrations/${registrationId}`, password: sas(registrationId), reconnect: false } as never);
  await once(connection as never, 'connection_open');
  return connection;
}

/** Opens the request/reply link pair a device uses for its registration. */
async function registrationLinks(connection: Connection, registrationId: string): Promise<{ sender: Sender; receiver: Receiver }> {
  const address = `${t.sandbox.idScope}/registrations/${registrationId}`;
  const receiver = connection.open_receiver({ source: { address } });
  const sender = connection.open_sender({ target: { address } });
  await Promise.all([once(receiver as never, 'receiver_open'), once(sender as never, 'sendable')]);
  return { sender, receiver };
}

async function shut(connection: Connection): Promise<void> {
  const closed = once(connection as never, 'connection_close');
  connection.close();
  await closed;
}

/** Sends one request; resolves with the reply on `receiver`, or the error its delivery was rejected with. */
function request(sender: Sender, receiver: Receiver, message: Message): Promise<{ reply?: Message; rejected?: { condition: string; description: string; info?: Record<string, unknown> } }> {
  return new Promise((resolve) => {
    const correlationId = String(message.correlation_id);
    const onMessage = (context: EventContext) => {
      if (String(context.message?.correlation_id) !== correlationId) return;
      receiver.removeListener('message', onMessage);
      resolve({ reply: context.message as Message });
    };
    receiver.on('message', onMessage);
    const delivery = sender.send(message);
    sender.on('rejected', (context: EventContext) => {
      if (context.delivery === delivery) resolve({ rejected: (context.delivery?.remote_state as { error: { condition: string; description: string; info?: Record<string, unknown> } }).error });
    });
  });
}

const body = (message: Message | undefined) => JSON.parse(Buffer.from((message?.body as { content: Buffer }).content).toString('utf8')) as Record<string, unknown>;

describe('DPS device AMQP, raw', () => {
  it('answers register and operation status on the receiving link, correlated, with retry-after; refuses a body naming someone else', async () => {
    const connection = await open('raw-amqp');
    try {
      const { sender, receiver } = await registrationLinks(connection, 'raw-amqp');

      const foreign = await request(sender, receiver, { correlation_id: 'c-1', application_properties: { 'iotdps-operation-type': 'iotdps-register' }, body: rhea.message.data_section(Buffer.from(JSON.stringify({ registrationId: 'someone-else' }))) });
      expect(foreign.rejected).toMatchObject({ condition: 'com.microsoft:argument-error', description: expect.stringMatching(/does not match the connection/) });
      const unknown = await request(sender, receiver, { correlation_id: 'c-2', application_properties: { 'iotdps-operation-type': 'iotdps-dance' }, body: '' });
      expect(unknown.rejected).toMatchObject({ condition: 'com.microsoft:argument-error', description: expect.stringMatching(/Unknown iotdps-operation-type 'iotdps-dance'/) });

      const registered = await request(sender, receiver, { correlation_id: 'c-3', application_properties: { 'iotdps-operation-type': 'iotdps-register' }, body: rhea.message.data_section(Buffer.from(JSON.stringify({ registrationId: 'raw-amqp' }))) });
      expect(registered.reply?.application_properties).toMatchObject({ 'iotdps-operation-type': 'iotdps-register', 'retry-after': '0' });
      expect(body(registered.reply)).toMatchObject({ status: 'assigning', operationId: expect.any(String) });
      const polled = await request(sender, receiver, { correlation_id: 'c-4', application_properties: { 'iotdps-operation-type': 'iotdps-get-operationstatus', 'iotdps-operation-id': String(body(registered.reply).operationId) }, body: '' });
      expect(body(polled.reply)).toMatchObject({ status: 'assigned', registrationState: { registrationId: 'raw-amqp', assignedHub: t.sandbox.hubs[0]?.hostName } });
      const lost = await request(sender, receiver, { correlation_id: 'c-5', application_properties: { 'iotdps-operation-type': 'iotdps-get-operationstatus', 'iotdps-operation-id': 'no-such-operation' }, body: '' });
      expect(lost.rejected).toMatchObject({ condition: 'amqp:not-found' });
    } finally {
      await shut(connection);
    }
  });

  it('rejects a throttled poll with the condition the SDK retries on and retry-after in the error info', async () => {
    const connection = await open('raw-amqp');
    try {
      const { sender, receiver } = await registrationLinks(connection, 'raw-amqp');
      const registered = await request(sender, receiver, { correlation_id: 't-0', application_properties: { 'iotdps-operation-type': 'iotdps-register' }, body: '' });
      const operationId = String(body(registered.reply).operationId);
      const answers = [];
      for (let i = 1; i <= 7; i++) {
        answers.push(await request(sender, receiver, { correlation_id: `t-${i}`, application_properties: { 'iotdps-operation-type': 'iotdps-get-operationstatus', 'iotdps-operation-id': operationId }, body: '' }));
      }
      const throttled = answers.find((answer) => answer.rejected);
      expect(throttled?.rejected).toMatchObject({ condition: 'com.microsoft:device-container-throttled', description: expect.stringMatching(/5 per 10 seconds/), info: { errorCode: '429001', 'retry-after': expect.stringMatching(/^[1-9]\d*$/) } });
    } finally {
      await shut(connection);
    }
  });

  it('detaches a link that names another registration or another id scope', async () => {
    const connection = await open('raw-amqp');
    try {
      const other = connection.open_receiver({ source: { address: `${t.sandbox.idScope}/registrations/someone-else` } });
      const [otherClosed] = (await once(other as never, 'receiver_error')) as [EventContext];
      expect(otherClosed.receiver?.error).toMatchObject({ condition: 'amqp:unauthorized-access' });
      const scope = connection.open_sender({ target: { address: '0ne00000000/registrations/raw-amqp' } });
      const [scopeClosed] = (await once(scope as never, 'sender_error')) as [EventContext];
      expect(scopeClosed.sender?.error).toMatchObject({ condition: 'amqp:not-found' });
    } finally {
      await shut(connection);
    }
  });

  it('does not offer the TPM SASL mechanism: a TPM device fails in SASL, told which mechanisms there are', async () => {
    const [host, port] = t.sandbox.provisioningHost.split(':');
    const tpm = new SaslTpm(t.sandbox.idScope, 'tpm-amqp', Buffer.from('ek'), Buffer.from('srk'), () => undefined);
    const connection = rhea.create_container().connect({ host, port: Number(port), transport: 'tls', ca: t.ca, servername: 'localhost', sasl_mechanisms: { TPM: tpm }, reconnect: false } as never);
    // The refused socket's end is expected: no 'disconnected' log.
    connection.on('disconnected', () => undefined);
    const [failed] = (await once(connection as never, 'connection_error')) as [EventContext];
    expect(failed.error).toMatchObject({ condition: 'amqp:unauthorized-access', message: expect.stringMatching(/No suitable mechanism; server supports ANONYMOUS,PLAIN/) });
    expect(connection.is_open()).toBe(false);
  });
});
