import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import tls from 'node:tls';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import type { TestHub } from './test-support.ts';
import { startTestHub } from './test-support.ts';
import { openEventStream, request } from './test-requests.ts';

let t: TestHub;
let key: string;
beforeAll(async () => {
  t = await startTestHub();
  key = (await t.registry().create({ deviceId: 'rb-1' })).responseBody.authentication?.symmetricKey?.primaryKey as string;
  await t.registry().updateTwin('rb-1', { tags: { keep: 'me' } }, '*');
});
afterAll(async () => {
  await t.close();
});

function connectDevice(deviceId: string): Promise<MqttClient> {
  const sr = encodeURIComponent(`${t.hostName}/devices/${deviceId}`);
  const se = Math.floor(Date.now() / 1000) + 600;
  const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(`${sr}\n${se}`).digest('base64');
  const client = mqtt.connect(`mqtts://127.0.0.1:${t.port}`, {
    clientId: deviceId,
    username: `${t.hostName}/${deviceId}/?api-version=2021-04-12`,
    password: `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}`,
    ca: t.tls.caPem,
    reconnectPeriod: 0,
    protocolVersion: 4,
  });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

/** Opens TLS, writes raw bytes, resolves when the hub closes the connection. */
function rawTls(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port: t.port, ca: t.tls.caPem, servername: 'localhost' }, () => socket.write(bytes));
    socket.on('data', () => {});
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

describe('bad input never crashes the hub nor changes stored state', () => {
  it('drops garbage and malformed MQTT on the device port', async () => {
    await rawTls(Buffer.concat([Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff]), Buffer.alloc(64, 0x41)]));
    await rawTls(Buffer.from([0x10, 0x05, 0x00, 0x04, 0x4d, 0x51, 0x54]));
    await rawTls(Buffer.from('\x10\x0c\x00\x04MQTT\x04\x02\x00\x3c\x00\x00'));
    expect((await t.registry().getTwin('rb-1')).responseBody.tags).toEqual({ keep: 'me' });
  });

  it('answers a reported patch that is not JSON with an error body and keeps the twin', async () => {
    const client = await connectDevice('rb-1');
    const response = new Promise<{ topic: string; body: string }>((resolve) => client.on('message', (topic, payload) => resolve({ topic, body: payload.toString() })));
    await new Promise((r) => client.subscribe('$iothub/twin/res/#', { qos: 0 }, r));
    client.publish('$iothub/twin/PATCH/properties/reported/?$rid=7', '{not json', { qos: 0 });
    const { topic, body } = await response;
    expect(topic).toBe('$iothub/twin/res/400/?$rid=7');
    expect(JSON.parse(body).errorCode).toBeDefined();
    const twin = (await t.registry().getTwin('rb-1')).responseBody;
    expect(twin.properties.reported.$version).toBe(1);
    client.end(true);
  });

  it('closes a device that sends a message over 256 KB and keeps it out of the stream', async () => {
    const stream = openEventStream(t);
    await stream.ready;
    const client = await connectDevice('rb-1');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish('devices/rb-1/messages/events/', Buffer.alloc(256 * 1024 + 1, 0x61), { qos: 1 });
    await closed;
    const small = await connectDevice('rb-1');
    await new Promise((r) => small.publish('devices/rb-1/messages/events/', 'ok', { qos: 1 }, r));
    const first = await stream.next((e) => e.type === 'telemetry');
    expect(first.type === 'telemetry' && first.body).toBe('ok');
    small.end(true);
    stream.close();
  });

  it("closes a device that publishes on the hub's own response topics", async () => {
    const client = await connectDevice('rb-1');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish('$iothub/twin/res/200/?$rid=1', '{"desired":{"evil":true}}', { qos: 1 });
    await closed;
  });

  it('answers malformed HTTP with 4xx and keeps serving', async () => {
    expect((await request(t, 'GET', '/devices/%E0%A4%A?api-version=2021-04-12')).status).toBe(400);
    expect((await request(t, 'GET', '/nowhere?api-version=2021-04-12')).status).toBe(404);
    expect((await request(t, 'DELETE', '/devices?api-version=2021-04-12')).status).toBe(405);
    // Over the 4 MB body limit the request is cut off: a 413 or a reset, depending on who wins the race.
    const huge = await request(t, 'PUT', '/devices/rb-2?api-version=2021-04-12', { body: JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }) }).then(
      (r) => r.status,
      () => 'reset',
    );
    expect([413, 'reset']).toContain(huge);
    expect((await request(t, 'PATCH', '/twins/rb-1?api-version=2021-04-12', { body: '{"properties":{"reported":{"x":1}}}' })).status).toBe(400);
    expect((await request(t, 'PATCH', '/twins/rb-1?api-version=2021-04-12', { body: '{"tags":"str"}' })).status).toBe(400);
    expect((await request(t, 'POST', '/twins/rb-1/methods?api-version=2021-04-12', { body: '{"methodName":"x","responseTimeoutInSeconds":9999}' })).status).toBe(400);
    // A '+' would make the MQTT topic of the request a wildcard.
    expect((await request(t, 'POST', '/twins/rb-1/methods?api-version=2021-04-12', { body: '{"methodName":"a+b"}' })).status).toBe(400);
    expect((await request(t, 'POST', '/devices/query?api-version=2021-04-12', { body: '{"query":42}' })).status).toBe(400);
    expect((await t.registry().getTwin('rb-1')).responseBody.tags).toEqual({ keep: 'me' });
    await expect(t.registry().get('rb-2')).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
  });

  it('replays recent events to a reconnecting reader, from its cursor', async () => {
    const first = openEventStream(t);
    await first.ready;
    await t.registry().create({ deviceId: 'rb-ev-1' });
    const created = await first.next((e) => e.type === 'deviceCreated' && e.deviceId === 'rb-ev-1');
    first.close();
    await t.registry().create({ deviceId: 'rb-ev-2' });
    const again = openEventStream(t, created.seq);
    await again.ready;
    const missed = await again.next((e) => e.type === 'deviceCreated');
    expect(missed.deviceId).toBe('rb-ev-2');
    again.close();
    const stale = openEventStream(t, 10_000_000);
    await stale.ready;
    expect((await stale.next(() => true)).seq).toBe(1);
    stale.close();
  });
});

describe('closing the hub', () => {
  it('does not wait for method calls or jobs that wait for a device to connect', async () => {
    const own = await startTestHub();
    await own.registry().create({ deviceId: 'cl-1' });
    await own.jobClient().scheduleDeviceMethod('cl-job', "deviceId = 'cl-1'", { methodName: 'm', payload: null, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 300 } as never);
    const waiting = request(own, 'POST', '/twins/cl-1/methods?api-version=2021-04-12', {
      body: JSON.stringify({ methodName: 'm', responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 300 }),
    }).catch(() => 'closed');
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    await waiting;
  });
});
