import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import deviceSdk from 'azure-iot-device';
import type { Client as DeviceClient, Twin } from 'azure-iot-device';
import deviceAmqp from 'azure-iot-device-amqp';
import type { TestHub } from '../hub/test-support.ts';
import { makeDeviceCertificate, startTestHub } from '../hub/test-support.ts';
import { telemetry, trustCa } from './amqp-test-support.ts';

// azure-iot-device-amqp with an X.509 device: no token on $cbs, the TLS client certificate proves it
// (the SDK's authentication.js and device_service.js run this over Amqp and AmqpWs).
let hub: TestHub;
const opened: DeviceClient[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  trustCa(hub.tls.caPem);
});

afterAll(async () => {
  for (const client of opened) await client.close().catch(() => {});
  await hub.close();
});

async function x509Device(deviceId: string, cert: { keyPem: string; certPem: string }): Promise<DeviceClient> {
  const client = deviceSdk.Client.fromConnectionString(`HostName=${hub.hostName};DeviceId=${deviceId};x509=true`, deviceAmqp.Amqp);
  await client.setOptions({ ca: hub.tls.caPem, cert: cert.certPem, key: cert.keyPem });
  opened.push(client);
  return client;
}

describe('X.509 devices over AMQP', () => {
  it('a self-signed device sends telemetry, reads its twin and answers a method with its certificate alone', async () => {
    const cert = makeDeviceCertificate('amqp-x509');
    await hub.registry().create({ deviceId: 'amqp-x509', authentication: { x509Thumbprint: { primaryThumbprint: cert.thumbprint } } } as never);
    const device = await x509Device('amqp-x509', cert);
    await device.open();
    await device.sendEvent(telemetry({ ok: true }, 'x509-1'));
    const twin = (await device.getTwin()) as Twin;
    expect(twin.properties.desired.$version).toBe(1);
    device.onDeviceMethod('ping', (_request, response) => void response.send(200, { pong: true }));
    const service = hub.serviceClient();
    await expect
      .poll(async () => (await service.invokeDeviceMethod('amqp-x509', { methodName: 'ping', payload: null, responseTimeoutInSeconds: 5 }).catch(() => null))?.result, { timeout: 15_000 })
      .toEqual({ status: 200, payload: { pong: true } });
  });

  it('refuses a certificate that is not the enrolled one, and a SAS device that presents only a certificate', async () => {
    const enrolled = makeDeviceCertificate('amqp-x509-other');
    await hub.registry().create({ deviceId: 'amqp-x509-other', authentication: { x509Thumbprint: { primaryThumbprint: enrolled.thumbprint } } } as never);
    const stranger = await x509Device('amqp-x509-other', makeDeviceCertificate('amqp-x509-other'));
    await stranger.open();
    await expect(stranger.sendEvent(telemetry({ ok: false }, 'x509-2'))).rejects.toMatchObject({ name: 'UnauthorizedError' });

    await hub.registry().create({ deviceId: 'amqp-sas-only' } as never);
    const pretender = await x509Device('amqp-sas-only', makeDeviceCertificate('amqp-sas-only'));
    await pretender.open();
    await expect(pretender.sendEvent(telemetry({ ok: false }, 'x509-3'))).rejects.toMatchObject({ name: 'UnauthorizedError' });
  });
});
