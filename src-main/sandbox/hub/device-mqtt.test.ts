import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { Message } from 'azure-iot-device';
import type { Twin as DeviceTwin } from 'azure-iot-device';
import type { TestHub } from './test-support.ts';
import { makeDeviceCertificate, startTestHub } from './test-support.ts';
import { openEventStream, request } from './test-requests.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t.close();
});

async function createDevice(deviceId: string): Promise<string> {
  const device = (await t.registry().create({ deviceId })).responseBody;
  return device.authentication?.symmetricKey?.primaryKey as string;
}

function deviceSas(deviceId: string, key: string, lifetimeS: number): string {
  const sr = encodeURIComponent(`${t.hostName}/devices/${deviceId}`);
  const se = Math.floor(Date.now() / 1000) + lifetimeS;
  const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(`${sr}\n${se}`).digest('base64');
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}`;
}

/** A plain mqtt.js 4 client (the SDK's own), for packets azure-iot-device would never send. */
function rawConnect(deviceId: string, password: string, extra: IClientOptions = {}): Promise<MqttClient> {
  const client = mqtt.connect(`mqtts://127.0.0.1:${t.port}`, {
    clientId: deviceId,
    username: `${t.hostName}/${deviceId}/?api-version=2021-04-12`,
    password,
    ca: t.tls.caPem,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    ...extra,
  });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
  });
}

const end = (client: MqttClient) => new Promise<void>((resolve) => client.end(false, {}, () => resolve()));

describe('device MQTT through azure-iot-device', () => {
  it('sends telemetry whose property bag arrives on the sandbox event stream, and marks the device connected', async () => {
    const key = await createDevice('mq-tele');
    const stream = openEventStream(t);
    expect(await stream.ready).toBe(200);
    const client = await t.deviceClient('mq-tele', key);
    await client.open();
    await stream.next((e) => e.type === 'deviceConnected' && e.deviceId === 'mq-tele');
    const message = new Message(JSON.stringify({ temperature: 21.5 }));
    message.messageId = 'm-1';
    message.contentType = 'application/json';
    message.contentEncoding = 'utf-8';
    message.properties.add('alert', 'high temp');
    message.properties.add('a&b', 'x=y');
    await client.sendEvent(message);
    const event = await stream.next((e) => e.type === 'telemetry' && e.deviceId === 'mq-tele');
    expect(event).toMatchObject({
      body: '{"temperature":21.5}',
      bodyEncoding: 'utf8',
      systemProperties: { messageId: 'm-1', contentType: 'application/json', contentEncoding: 'utf-8' },
      properties: { alert: 'high temp', 'a&b': 'x=y' },
    });
    const device = (await t.registry().get('mq-tele')).responseBody;
    expect(device.connectionState).toBe('Connected');
    const stats = JSON.parse((await request(t, 'GET', '/sandbox/v1/stats')).body);
    expect(stats).toMatchObject({ connectedDeviceCount: 1 });
    expect(stats.messagesReceived).toBeGreaterThanOrEqual(1);
    await client.close();
    await stream.next((e) => e.type === 'deviceDisconnected' && e.deviceId === 'mq-tele');
    stream.close();
  });

  it('reads the twin, patches reported properties and receives desired pushes', async () => {
    const key = await createDevice('mq-twin');
    await t.registry().updateTwin('mq-twin', { properties: { desired: { interval: 10 } } }, '*');
    const client = await t.deviceClient('mq-twin', key);
    await client.open();
    const twin = (await client.getTwin()) as DeviceTwin;
    expect(twin.properties.desired.interval).toBe(10);
    expect(twin.properties.desired.$version).toBe(2);

    await new Promise<void>((resolve, reject) => twin.properties.reported.update({ firmware: '1.2.3', nested: { a: 1 } }, (err?: Error) => (err ? reject(err) : resolve())));
    const serviceTwin = (await t.registry().getTwin('mq-twin')).responseBody;
    expect(serviceTwin.properties.reported.firmware).toBe('1.2.3');
    expect(serviceTwin.properties.reported.$metadata.firmware.$lastUpdated).toBeTruthy();

    const pushed = new Promise<Record<string, unknown>>((resolve) => {
      twin.on('properties.desired', (delta: Record<string, unknown>) => {
        if (delta.interval === 30) resolve(delta);
      });
    });
    // The SDK fires properties.desired once on subscribe with the full desired document; wait for the push itself.
    await t.registry().updateTwin('mq-twin', { properties: { desired: { interval: 30 } } }, serviceTwin.etag);
    const delta = await pushed;
    expect(delta.$version).toBe(3);

    const replacedDelta = new Promise<Record<string, unknown>>((resolve) => {
      twin.on('properties.desired', (d: Record<string, unknown>) => {
        if (d.$version === 4) resolve(d);
      });
    });
    const replaced = await request(t, 'PUT', '/twins/mq-twin?api-version=2021-04-12', { body: JSON.stringify({ properties: { desired: { mode: 'eco' } } }), headers: { 'if-match': '*' } });
    expect(replaced.status).toBe(200);
    expect(await replacedDelta).toEqual({ interval: null, mode: 'eco', $version: 4 });
  });

  it('refuses an oversized reported patch with an error body the SDK raises', async () => {
    const key = await createDevice('mq-big');
    const client = await t.deviceClient('mq-big', key);
    await client.open();
    const twin = (await client.getTwin()) as DeviceTwin;
    const error = await new Promise<Error | undefined>((resolve) => twin.properties.reported.update({ blob: 'x'.repeat(40_000) }, (err?: Error) => resolve(err)));
    expect(error).toBeDefined();
    const serviceTwin = (await t.registry().getTwin('mq-big')).responseBody;
    expect(serviceTwin.properties.reported.blob).toBeUndefined();
  });

  it('invokes direct methods online, answers DeviceNotOnline offline and GatewayTimeout when the device is silent', async () => {
    const key = await createDevice('mq-method');
    const service = t.serviceClient();
    await expect(service.invokeDeviceMethod('mq-method', { methodName: 'reboot', payload: {}, responseTimeoutInSeconds: 5 })).rejects.toMatchObject({
      responseBody: expect.stringContaining('DeviceNotOnline'),
    });
    const client = await t.deviceClient('mq-method', key);
    await client.open();
    client.onDeviceMethod('reboot', (req, res) => {
      res.send(200, { received: req.payload }, () => {});
    });
    client.onDeviceMethod('hang', () => {});
    // onDeviceMethod subscribes asynchronously; connectTimeoutInSeconds waits for it.
    const result = await service.invokeDeviceMethod('mq-method', { methodName: 'reboot', payload: { delay: 5 }, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 });
    expect(result.result).toEqual({ status: 200, payload: { received: { delay: 5 } } });
    const started = Date.now();
    await expect(service.invokeDeviceMethod('mq-method', { methodName: 'hang', payload: null, responseTimeoutInSeconds: 5 })).rejects.toMatchObject({ name: 'GatewayTimeoutError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    await expect(service.invokeDeviceMethod('nobody', { methodName: 'reboot', payload: null, responseTimeoutInSeconds: 5 })).rejects.toMatchObject({ name: 'DeviceNotFoundError' });
  }, 20_000);

  it('delivers cloud-to-device messages sent through the sandbox API, queued while offline', async () => {
    const key = await createDevice('mq-c2d');
    const queued = await request(t, 'POST', '/sandbox/v1/devices/mq-c2d/messages', {
      body: JSON.stringify({ payload: 'first', properties: { 'k y': 'v+w' }, messageId: 'c-1' }),
    });
    expect(queued.status).toBe(202);
    expect((await t.registry().get('mq-c2d')).responseBody.cloudToDeviceMessageCount).toBe(1);
    const client = await t.deviceClient('mq-c2d', key);
    const received: Message[] = [];
    const two = new Promise<void>((resolve) => {
      client.on('message', (message: Message) => {
        received.push(message);
        void client.complete(message);
        if (received.length === 2) resolve();
      });
    });
    await client.open();
    await request(t, 'POST', '/sandbox/v1/devices/mq-c2d/messages', { body: JSON.stringify({ payload: { n: 2 } }) });
    await two;
    expect(received[0]?.data.toString()).toBe('first');
    expect(received[0]?.messageId).toBe('c-1');
    expect(received[0]?.properties.getValue('k y')).toBe('v+w');
    expect(received[1]?.data.toString()).toBe('{"n":2}');
    expect((await request(t, 'POST', '/sandbox/v1/devices/nobody/messages', { body: '{"payload":"x"}' })).status).toBe(404);
  });

  it('refuses a wrong key, an expired token, a disabled device and unknown devices at CONNECT', async () => {
    const key = await createDevice('mq-auth');
    const wrong = await t.deviceClient('mq-auth', Buffer.alloc(32, 7).toString('base64'));
    await expect(wrong.open()).rejects.toBeDefined();
    await expect(rawConnect('mq-auth', deviceSas('mq-auth', key, -60))).rejects.toThrow(/Not authorized|Bad username/i);
    await expect(rawConnect('ghost', deviceSas('ghost', key, 600))).rejects.toThrow(/Not authorized|Bad username/i);
    const ok = await rawConnect('mq-auth', deviceSas('mq-auth', key, 600));
    await end(ok);
    // A token signed with the hub's `device` policy (skn=device) also admits the device; `registryRead` does not.
    const policyKey = (name: string) => t.hub.accessPolicies.find((p) => p.keyName === name)?.primaryKey as string;
    const viaPolicy = await rawConnect('mq-auth', `${deviceSas('mq-auth', policyKey('device'), 600)}&skn=device`);
    await end(viaPolicy);
    await expect(rawConnect('mq-auth', `${deviceSas('mq-auth', policyKey('registryRead'), 600)}&skn=registryRead`)).rejects.toThrow(/Not authorized/i);
    const device = (await t.registry().get('mq-auth')).responseBody;
    await t.registry().update({ ...device, status: 'disabled' } as never);
    await expect(rawConnect('mq-auth', deviceSas('mq-auth', key, 600))).rejects.toThrow(/Not authorized|Bad username/i);
  });

  it("keeps a device out of another device's topics", async () => {
    const keyA = await createDevice('mq-a');
    const keyB = await createDevice('mq-b');
    const b = await t.deviceClient('mq-b', keyB);
    const bReceived: Message[] = [];
    b.on('message', (m: Message) => bReceived.push(m));
    await b.open();
    const a = await rawConnect('mq-a', deviceSas('mq-a', keyA, 600));
    const granted = await new Promise<{ qos: number }[]>((resolve, reject) =>
      a.subscribe(['devices/mq-b/messages/devicebound/#', 'devices/mq-a/messages/devicebound/#'], { qos: 1 }, (err, g) => (err ? reject(err) : resolve(g))),
    );
    expect(granted.map((g) => g.qos)).toEqual([128, 1]);
    const closed = new Promise<void>((resolve) => a.once('close', () => resolve()));
    a.publish('devices/mq-b/messages/devicebound/x=1', 'spoof', { qos: 1 });
    await closed;
    // B stays connected and got nothing from A; a real message still arrives.
    await request(t, 'POST', '/sandbox/v1/devices/mq-b/messages', { body: '{"payload":"real"}' });
    await expect.poll(() => bReceived.length).toBe(1);
    expect(bReceived[0]?.data.toString()).toBe('real');
  });

  it('lets the newest connection with the same device id win', async () => {
    const key = await createDevice('mq-dup');
    const first = await rawConnect('mq-dup', deviceSas('mq-dup', key, 600), { clean: false });
    const firstClosed = new Promise<void>((resolve) => first.once('close', () => resolve()));
    const second = await rawConnect('mq-dup', deviceSas('mq-dup', key, 600), { clean: false });
    await firstClosed;
    expect((await t.registry().get('mq-dup')).responseBody.connectionState).toBe('Connected');
    await end(second);
  });

  it('authenticates a self-signed X.509 device by thumbprint', async () => {
    const cert = makeDeviceCertificate('mq-x509');
    await t.registry().create({ deviceId: 'mq-x509', authentication: { x509Thumbprint: { primaryThumbprint: cert.thumbprint } } });
    const client = await rawConnect('mq-x509', '', { key: cert.keyPem, cert: cert.certPem, password: undefined });
    await end(client);
    const other = makeDeviceCertificate('mq-x509');
    await expect(rawConnect('mq-x509', '', { key: other.keyPem, cert: other.certPem, password: undefined })).rejects.toThrow(/Not authorized/i);
  });
});
