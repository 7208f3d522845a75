import { once } from 'node:events';
import tls from 'node:tls';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacBase64 } from '../server/sas.ts';
import { startTestSandbox } from './dps-test-clients.ts';
import type { TestSandbox } from './dps-test-clients.ts';

/** Raw MQTT against the DPS port, for what the SDK never sends: wrong client ids, foreign topics, broken JSON. */
let t: TestSandbox;
let key: string;
beforeAll(async () => {
  t = await startTestSandbox({ hubs: 1 });
  const created = (await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'raw-1', attestation: { type: 'symmetricKey' } } as never)).responseBody;
  key = (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
});
afterAll(async () => t?.dispose());

function connect(registrationId: string, clientId = registrationId): MqttClient {
  const sr = `${t.sandbox.idScope}/registrations/${registrationId}`;
  const se = Math.floor(Date.now() / 1000) + 600;
  return mqtt.connect(`mqtts://${t.sandbox.provisioningHost}`, {
    clientId,
    ca: t.ca,
    protocolVersion: 4,
    reconnectPeriod: 0,
    username: `${t.sandbox.idScope}/registrations/${registrationId}/api-version=2019-03-31`,
    password: `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(hmacBase64(key, `${sr}\n${se}`))}&se=${se}&skn=registration`,
  });
}

function nextMessage(client: MqttClient): Promise<{ topic: string; body: Record<string, unknown> }> {
  return new Promise((resolve) => client.once('message', (topic: string, payload: Buffer) => resolve({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> })));
}

describe('DPS device MQTT', () => {
  it('refuses a client id that is not the registration id', async () => {
    const client = connect('raw-1', 'someone-else');
    const [error] = (await once(client, 'error')) as [Error];
    expect(error.message).toMatch(/Identifier rejected/);
    client.end(true);
  });

  it('answers broken register JSON with a 400 on the response topic and keeps serving the connection', async () => {
    const client = connect('raw-1');
    await once(client, 'connect');
    await new Promise((resolve, reject) => client.subscribe('$dps/registrations/res/#', { qos: 1 }, (error) => (error ? reject(error) : resolve(null))));
    let reply = nextMessage(client);
    client.publish('$dps/registrations/PUT/iotdps-register/?$rid=7', '{"registrationId": ', { qos: 1 });
    const broken = await reply;
    expect(broken.topic).toBe('$dps/registrations/res/400/?$rid=7');
    expect(broken.body).toMatchObject({ errorCode: 400004, message: expect.stringMatching(/not valid JSON/) });

    reply = nextMessage(client);
    client.publish('$dps/registrations/PUT/iotdps-register/?$rid=8', JSON.stringify({ registrationId: 'raw-1' }), { qos: 1 });
    const accepted = await reply;
    expect(accepted.topic).toMatch(/^\$dps\/registrations\/res\/202\/\?\$rid=8&retry-after=0$/);
    reply = nextMessage(client);
    client.publish(`$dps/registrations/GET/iotdps-get-operationstatus/?$rid=9&operationId=${String(accepted.body.operationId)}`, ' ', { qos: 1 });
    expect((await reply).body).toMatchObject({ status: 'assigned', registrationState: { registrationId: 'raw-1', status: 'assigned' } });
    client.end(true);
  });

  it('judges the register request by the enrollment as it is then, not as it was at CONNECT', async () => {
    const created = (await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'raw-2', attestation: { type: 'symmetricKey', symmetricKey: { primaryKey: key, secondaryKey: key } } } as never)).responseBody;
    const client = connect('raw-2');
    await once(client, 'connect');
    await new Promise((resolve, reject) => client.subscribe('$dps/registrations/res/#', { qos: 1 }, (error) => (error ? reject(error) : resolve(null))));
    await t.service.createOrUpdateIndividualEnrollment({ ...created, provisioningStatus: 'disabled' });
    let reply = nextMessage(client);
    client.publish('$dps/registrations/PUT/iotdps-register/?$rid=1', JSON.stringify({ registrationId: 'raw-2' }), { qos: 1 });
    const accepted = await reply;
    reply = nextMessage(client);
    client.publish(`$dps/registrations/GET/iotdps-get-operationstatus/?$rid=2&operationId=${String(accepted.body.operationId)}`, ' ', { qos: 1 });
    expect((await reply).body).toMatchObject({ status: 'disabled' });
    client.end(true);
  });

  it('grants no other subscription and drops a connection that publishes elsewhere', async () => {
    const client = connect('raw-1');
    await once(client, 'connect');
    const granted = await new Promise<{ qos: number }[]>((resolve, reject) => client.subscribe('$iothub/twin/res/#', { qos: 0 }, (error, grants) => (error ? reject(error) : resolve(grants as { qos: number }[]))));
    expect(granted[0]?.qos).toBe(128);
    const closed = once(client, 'close');
    client.publish('devices/raw-1/messages/events/', 'hello', { qos: 1 });
    await closed;
    client.end(true);
  });

  it('survives garbage bytes and a half-open TLS connection on the DPS port', async () => {
    const [host, port] = t.sandbox.provisioningHost.split(':');
    const garbage = tls.connect({ host, port: Number(port), ca: t.ca, servername: 'localhost' });
    await once(garbage, 'secureConnect');
    garbage.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x01, 0x02]));
    await once(garbage, 'close');
    const idle = tls.connect({ host, port: Number(port), ca: t.ca, servername: 'localhost' });
    await once(idle, 'secureConnect');
    idle.destroy();
    expect((await t.service.getIndividualEnrollment('raw-1')).responseBody.registrationId).toBe('raw-1');
  });
});
