import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as DeviceSdk from 'azure-iot-device';
import type * as DeviceHttpSdk from 'azure-iot-device-http';
import { type HttpClass, sandboxHttp } from '../dps/dps-test-clients.ts';
import type { TestHub } from './test-support.ts';
import { makeDeviceCertificate, startTestHub } from './test-support.ts';
import { openEventStream, request } from './test-requests.ts';

/** The hub's device HTTPS API through the official SDK's HTTP device transport (azure-iot-device-http). */
const require = createRequire(import.meta.url);
const { Client, Message, SharedAccessKeyAuthenticationProvider, X509AuthenticationProvider } = require('azure-iot-device') as typeof DeviceSdk;
const { Http: DeviceHttp } = require('azure-iot-device-http') as typeof DeviceHttpSdk;
const { Http: HttpBase } = require('azure-iot-http-base') as { Http: HttpClass };

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => t.close());

function httpClient(provider: unknown): DeviceSdk.Client {
  const transport = new (DeviceHttp as unknown as new (auth: unknown, http: unknown) => object)(provider, sandboxHttp(HttpBase, t.tls.caPem));
  return new Client(transport as never);
}

function keyClient(deviceId: string, key: string): DeviceSdk.Client {
  return httpClient(SharedAccessKeyAuthenticationProvider.fromConnectionString(`HostName=${t.hostName};DeviceId=${deviceId};SharedAccessKey=${key}`));
}

async function createDevice(deviceId: string): Promise<string> {
  return (await t.registry().create({ deviceId })).responseBody.authentication?.symmetricKey?.primaryKey as string;
}

function deviceSas(deviceId: string, key: string, lifetimeS: number): string {
  const sr = encodeURIComponent(`${t.hostName}/devices/${deviceId}`);
  const se = Math.floor(Date.now() / 1000) + lifetimeS;
  const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(`${sr}\n${se}`).digest('base64');
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}`;
}

describe('device HTTPS: POST /devices/{id}/messages/events', () => {
  it('takes telemetry with its properties from azure-iot-device-http, singly and batched', async () => {
    const key = await createDevice('http-tele');
    const stream = openEventStream(t);
    expect(await stream.ready).toBe(200);
    const client = keyClient('http-tele', key);
    const message = new Message(JSON.stringify({ temperature: 22.5 }));
    message.messageId = 'm-1';
    message.properties.add('alert', 'high temp');
    await client.sendEvent(message);
    const event = await stream.next((e) => e.type === 'telemetry' && e.deviceId === 'http-tele');
    expect(event).toMatchObject({ body: '{"temperature":22.5}', properties: { alert: 'high temp' }, systemProperties: { messageId: 'm-1' } });
    await client.sendEventBatch([new Message('one'), new Message('two')]);
    await stream.next((e) => e.type === 'telemetry' && e.deviceId === 'http-tele' && e.body === 'two');
    expect(stream.seen.filter((e) => e.type === 'telemetry' && e.deviceId === 'http-tele').map((e) => (e as { body: string }).body)).toEqual(['{"temperature":22.5}', 'one', 'two']);
    stream.close();
  });

  it('answers 401 as the service does for a wrong key, an expired token and a certificate that does not match', async () => {
    const key = await createDevice('http-auth');
    await expect(keyClient('http-auth', Buffer.alloc(32, 7).toString('base64')).sendEvent(new Message('x'))).rejects.toMatchObject({ name: 'UnauthorizedError' });
    const expired = await request(t, 'POST', '/devices/http-auth/messages/events?api-version=2020-03-13', { body: '{}', token: deviceSas('http-auth', key, -60) });
    expect(expired.status).toBe(401);
    expect(expired.headers['iothub-errorcode']).toBe('IotHubUnauthorizedAccess');
    const good = await request(t, 'POST', '/devices/http-auth/messages/events?api-version=2020-03-13', { body: '{}', token: deviceSas('http-auth', key, 60) });
    expect(good.status).toBe(204);

    const enrolled = makeDeviceCertificate('http-cert');
    const other = makeDeviceCertificate('http-cert');
    await t.registry().create({ deviceId: 'http-cert', authentication: { type: 'selfSigned', x509Thumbprint: { primaryThumbprint: enrolled.thumbprint } } } as never);
    const certClient = (cert: { certPem: string; keyPem: string }) =>
      httpClient(X509AuthenticationProvider.fromX509Options('http-cert', t.hostName, { cert: cert.certPem, key: cert.keyPem }));
    await certClient(enrolled).sendEvent(new Message('by certificate'));
    await expect(certClient(other).sendEvent(new Message('impostor'))).rejects.toMatchObject({ name: 'UnauthorizedError' });
  });

  it('delivers a cloud-to-device message over GET deviceBound and removes it on complete', async () => {
    const key = await createDevice('http-c2d');
    const sent = await request(t, 'POST', '/sandbox/v1/devices/http-c2d/messages', { body: JSON.stringify({ payload: 'reboot', messageId: 'c-1', properties: { urgency: 'low' } }) });
    expect(sent.status).toBeLessThan(300);
    const token = deviceSas('http-c2d', key, 60);
    const first = await request(t, 'GET', '/devices/http-c2d/messages/deviceBound?api-version=2020-03-13', { token });
    expect(first).toMatchObject({ status: 200, body: 'reboot' });
    expect(first.headers).toMatchObject({ 'iothub-messageid': 'c-1', 'iothub-app-urgency': 'low' });
    const lock = String(first.headers.etag).replace(/"/g, '');
    expect((await request(t, 'DELETE', `/devices/http-c2d/messages/deviceBound/${lock}?api-version=2020-03-13`, { token })).status).toBe(204);
    expect((await request(t, 'GET', '/devices/http-c2d/messages/deviceBound?api-version=2020-03-13', { token })).status).toBe(204);
  });

  it('locks a message it handed out: the next GET gets the one behind it, or nothing; an abandon unlocks it', async () => {
    const key = await createDevice('http-lock');
    for (const id of ['l-1', 'l-2']) await request(t, 'POST', '/sandbox/v1/devices/http-lock/messages', { body: JSON.stringify({ payload: id, messageId: id }) });
    const token = deviceSas('http-lock', key, 60);
    const get = () => request(t, 'GET', '/devices/http-lock/messages/deviceBound?api-version=2020-03-13', { token });
    const first = await get();
    expect(first).toMatchObject({ status: 200, body: 'l-1' });
    const second = await get();
    expect(second).toMatchObject({ status: 200, body: 'l-2' });
    expect((await get()).status).toBe(204);
    const firstLock = String(first.headers.etag).replace(/"/g, '');
    expect((await request(t, 'POST', `/devices/http-lock/messages/deviceBound/${firstLock}/abandon?api-version=2020-03-13`, { token })).status).toBe(204);
    expect(await get()).toMatchObject({ status: 200, body: 'l-1' });
  });
});
