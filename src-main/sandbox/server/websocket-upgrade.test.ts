import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubRegistry, startTestSandbox } from '../dps/dps-test-clients.ts';
import type { TestSandbox } from '../dps/dps-test-clients.ts';
import { serviceClientFor } from '../hub/test-support.ts';
import { deviceOverMqttWs, provisionOverMqttWs, webSocketAgent } from './ws-test-clients.ts';

/**
 * MQTT over WebSockets on the sandbox's own ports, through the SDKs' MqttWs transports. They dial
 * 443 whatever the host says, so the agent points them at the port the sandbox took.
 */
let t: TestSandbox;
const portOf = (host: string) => Number(host.slice(host.lastIndexOf(':') + 1));
beforeAll(async () => {
  t = await startTestSandbox({ hubs: 1 });
});
afterAll(async () => t?.dispose());

describe('MQTT over WebSockets (/$iothub/websocket, subprotocol mqtt)', () => {
  it('provisions through DPS, then connects to its hub, reads its twin, sends telemetry and answers a method', async () => {
    const enrollment = (await t.service.createOrUpdateIndividualEnrollment({ registrationId: 'ws-1', attestation: { type: 'symmetricKey' }, initialTwin: { properties: { desired: { rate: 7 } } } } as never)).responseBody;
    const key = (enrollment.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    const registration = await provisionOverMqttWs(t.sandbox.provisioningHost, t.sandbox.idScope, 'ws-1', key, t.ca, webSocketAgent(t.ca, { port: portOf(t.sandbox.provisioningHost) }));
    const hub = t.sandbox.hubs[0] as { hostName: string; connectionString: string };
    expect(registration).toMatchObject({ assignedHub: hub.hostName, deviceId: 'ws-1' });

    const device = await deviceOverMqttWs(hub.hostName, 'ws-1', key, t.ca, webSocketAgent(t.ca, { port: portOf(hub.hostName) }));
    try {
      await device.open();
      const twin = await device.getTwin();
      expect(twin.properties.desired.rate).toBe(7);
      device.onDeviceMethod('reboot', (request, response) => response.send(200, { echoed: request.payload }, () => undefined));
      await device.sendEvent(new (await import('azure-iot-device')).default.Message('over ws'));
      const service = serviceClientFor(hub.connectionString, t.ca);
      const answer = await service.invokeDeviceMethod('ws-1', { methodName: 'reboot', payload: { now: true }, responseTimeoutInSeconds: 10, connectTimeoutInSeconds: 10 });
      expect(answer.result).toMatchObject({ status: 200, payload: { echoed: { now: true } } });
      const seen = (await hubRegistry(hub.connectionString, t.ca).get('ws-1')).responseBody;
      expect(seen.connectionState).toBe('Connected');
    } finally {
      await device.close();
    }
  });

  it('refuses an upgrade on another path or with a subprotocol nothing serves, with a 400 that says why', async () => {
    const [host, port] = [t.sandbox.provisioningHost.slice(0, t.sandbox.provisioningHost.lastIndexOf(':')), portOf(t.sandbox.provisioningHost)];
    const upgrade = (path: string, protocol: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = https.request({ host, port, path, ca: t.ca, headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': protocol } });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('upgrade', () => reject(new Error('upgraded')));
        req.on('error', reject);
        req.end();
      });
    expect(await upgrade('/$iothub/websocket', 'xmpp')).toMatchObject({ status: 400, body: expect.stringMatching(/no supported subprotocol.*mqtt/) });
    expect(await upgrade('/elsewhere', 'mqtt')).toMatchObject({ status: 400, body: expect.stringMatching(/\/\$iothub\/websocket and \/\$servicebus\/websocket only/) });
  });
});
