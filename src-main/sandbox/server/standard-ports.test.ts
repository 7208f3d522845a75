import { X509Certificate, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { EventHubConsumerClient, earliestEventPosition } from '@azure/event-hubs';
import type { ReceivedEventData } from '@azure/event-hubs';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import deviceSdk from 'azure-iot-device';
import { provisioningServiceClient } from '../dps/dps-test-clients.ts';
import { registryFor, serviceClientFor } from '../hub/test-support.ts';
import { createSandbox } from '../sandbox.ts';
import type { Sandbox } from '../sandbox.ts';
import { sandboxCommand } from '../../cli/commands/sandbox.ts';
import { ensureCertificates } from './ca.ts';
import { permittedNamesOf } from './name-constraints.ts';
import { serviceHostNames, validHostNameBase } from './standard-ports.ts';
import { deviceOverAmqpWs, deviceOverMqttWs, loopbackLookup, provisionOverAmqpWs, provisionOverMqttWs, webSocketAgent } from './ws-test-clients.ts';

/**
 * `--standard-ports`: 443/8883/5671 on 127.0.0.1, the DPS and the hub told apart by TLS server
 * name. Binding below 1024 needs root here (tests run as root); a port another program holds
 * skips these tests with the refusal the sandbox printed. Names under `localhost` do not resolve
 * on this Debian (nsswitch `files dns`, no nss-myhostname): the clients get a lookup that maps
 * them to 127.0.0.1, which is what the hosts entry the sandbox prints would do.
 */
let sandbox: Sandbox | undefined;
let ca = '';
let dataDir = '';
const notices: string[] = [];
let skipReason = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sandbox-std-'));
  sandbox = await createSandbox({ dataDir, hubs: 1, standardPorts: true, notice: (line) => notices.push(line) });
  ca = readFileSync(sandbox.caCertificatePath, 'utf8');
  const ports = sandbox.standardPorts?.ports;
  if (!ports?.https || !ports.mqtt) skipReason = notices.filter((line) => line.includes('cannot listen')).join(' | ');
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const hub = () => (sandbox as Sandbox).hubs[0] as Sandbox['hubs'][number];

describe('sandbox on standard ports, routed by server name', () => {
  it('prints host names without ports and says which names and ports serve what', (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const s = sandbox as Sandbox;
    expect(s.provisioningHost).toBe('dps.localhost');
    expect(hub().hostName).toBe('sandbox-hub-1.localhost');
    for (const text of [s.dpsConnectionString, hub().connectionString]) expect(text).toMatch(/^HostName=[a-z0-9.-]+;/);
    expect(s.standardPorts).toMatchObject({ address: '127.0.0.1', names: { 'dps.localhost': 'dps', 'sandbox-hub-1.localhost': 'sandbox-hub-1' }, ports: { https: 443, mqtt: 8883 }, hostsEntry: '127.0.0.1 dps.localhost sandbox-hub-1.localhost' });
    // Whether the names resolve depends on the machine; when they do not, the operator is told the hosts line.
    if (s.standardPorts?.unresolved.length) expect(notices.join('\n')).toContain(s.standardPorts.hostsEntry);
  });

  it('provisions, connects, reads the twin and answers a method over MqttWs with names only (port 443)', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const s = sandbox as Sandbox;
    const service = provisioningServiceClient(s.dpsConnectionString, ca, loopbackLookup);
    const enrollment = (await service.createOrUpdateIndividualEnrollment({ registrationId: 'std-1', attestation: { type: 'symmetricKey' }, initialTwin: { properties: { desired: { mode: 'std' } } } } as never)).responseBody;
    const key = (enrollment.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    const agent = webSocketAgent(ca, { lookup: loopbackLookup });
    const registration = await provisionOverMqttWs(s.provisioningHost, s.idScope, 'std-1', key, ca, agent);
    expect(registration.assignedHub).toBe('sandbox-hub-1.localhost');

    const device = await deviceOverMqttWs(registration.assignedHub, 'std-1', key, ca, agent);
    try {
      await device.open();
      expect((await device.getTwin()).properties.desired.mode).toBe('std');
      device.onDeviceMethod('ping', (request, response) => response.send(200, { pong: request.payload }, () => undefined));
      await device.sendEvent(new deviceSdk.Message('std'));
      const answer = await serviceClientFor(hub().connectionString, ca, loopbackLookup).invokeDeviceMethod('std-1', { methodName: 'ping', payload: 1, responseTimeoutInSeconds: 10, connectTimeoutInSeconds: 10 });
      expect(answer.result).toMatchObject({ status: 200, payload: { pong: 1 } });
      // AMQP over WebSockets on 443 too: @azure/event-hubs reads that message from the hub's
      // Event Hub-compatible endpoint, named by host only (/$servicebus/websocket, AMQPWSB10).
      // The device's telemetry, not a lifecycle or connection-state notification about it (those carry its id too).
      const read = await readOneEvent(hub().eventHubConnectionString, (event) => event.systemProperties?.['iothub-connection-device-id'] === 'std-1' && event.systemProperties?.['iothub-message-source'] === 'Telemetry');
      expect(String(read.body)).toBe('std');
    } finally {
      await device.close();
    }
  });

  it('provisions, connects, reads the twin and answers a method over AmqpWs with names only (port 443)', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const s = sandbox as Sandbox;
    const service = provisioningServiceClient(s.dpsConnectionString, ca, loopbackLookup);
    const enrollment = (await service.createOrUpdateIndividualEnrollment({ registrationId: 'std-amqp', attestation: { type: 'symmetricKey' }, initialTwin: { properties: { desired: { mode: 'amqp' } } } } as never)).responseBody;
    const key = (enrollment.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    const agent = webSocketAgent(ca, { lookup: loopbackLookup });
    // AMQP over WebSockets end to end: provisioning (the DPS on 443 by name), then the hub.
    const registration = await provisionOverAmqpWs(s.provisioningHost, s.idScope, 'std-amqp', key, ca, agent);
    expect(registration.assignedHub).toBe('sandbox-hub-1.localhost');
    const device = await deviceOverAmqpWs(registration.assignedHub, 'std-amqp', key, ca, agent);
    try {
      await device.open();
      expect((await device.getTwin()).properties.desired.mode).toBe('amqp');
      device.onDeviceMethod('ping', (request, response) => response.send(200, { pong: request.payload }, () => undefined));
      await expect
        .poll(async () => (await serviceClientFor(hub().connectionString, ca, loopbackLookup).invokeDeviceMethod('std-amqp', { methodName: 'ping', payload: 2, responseTimeoutInSeconds: 10, connectTimeoutInSeconds: 10 }).catch(() => ({ result: null }))).result, { timeout: 20_000 })
        .toMatchObject({ status: 200, payload: { pong: 2 } });
    } finally {
      await device.close();
    }
  });

  it('routes HTTPS and MQTT on every standard port by server name and refuses an unknown name at the handshake', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const get = (port: number, servername: string) =>
      new Promise<string>((resolve, reject) => {
        const req = https.get({ host: '127.0.0.1', port, servername, path: '/nowhere', ca, agent: false }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
      });
    // The DPS answers in its own error shape ({errorCode}), the hub in IoT Hub's ({Message}).
    for (const port of [443, 8883]) {
      expect(JSON.parse(await get(port, 'dps.localhost'))).toHaveProperty('errorCode');
      expect(JSON.parse(await get(port, hub().hostName))).toHaveProperty('Message');
    }
    await expect(get(443, 'elsewhere.localhost')).rejects.toThrow();

    const key = (await registryFor(hub().connectionString, ca, loopbackLookup).create({ deviceId: 'std-mqtt' })).responseBody.authentication?.symmetricKey?.primaryKey as string;
    const sr = encodeURIComponent(`${hub().hostName}/devices/std-mqtt`);
    const se = Math.floor(Date.now() / 1000) + 600;
    const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(`${sr}\n${se}`).digest('base64');
    const client = mqtt.connect('mqtts://127.0.0.1:8883', {
      clientId: 'std-mqtt',
      username: `${hub().hostName}/std-mqtt/?api-version=2021-04-12`,
      password: `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}`,
      ca,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      // mqtt.js passes TLS options through: the name goes out as SNI while the socket dials 127.0.0.1.
      ...({ servername: hub().hostName } as object),
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    client.end(true);
  });
});

/** The first event matching `match`, read from the earliest position over AMQP on WebSockets (port 443). */
async function readOneEvent(connectionString: string, match: (event: ReceivedEventData) => boolean): Promise<ReceivedEventData> {
  const consumer = new EventHubConsumerClient('$Default', connectionString, {
    webSocketOptions: { webSocket: WebSocket as never, webSocketConstructorOptions: { agent: webSocketAgent(ca, { lookup: loopbackLookup }) } },
  });
  try {
    return await new Promise<ReceivedEventData>((resolve, reject) => {
      consumer.subscribe(
        {
          processEvents: async (events) => {
            const found = events.find(match);
            if (found) resolve(found);
          },
          processError: async (error) => reject(error),
        },
        { startPosition: earliestEventPosition, maxWaitTimeInSeconds: 1 },
      );
    });
  } finally {
    await consumer.close();
  }
}

describe('AMQP on 5671, routed by server name', () => {
  it('hands a connection that opens with the AMQP header to the named hub or the DPS, which answers in AMQP', async (ctx) => {
    if (skipReason || !sandbox?.standardPorts?.ports.amqp) return ctx.skip(skipReason || 'port 5671 refused');
    const header = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0x00, 0x01, 0x00, 0x00]); // AMQP 1.0, no SASL (as the IoT SDKs open)
    const answer = (servername: string) =>
      new Promise<Buffer>((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port: 5671, servername, ca }, () => socket.write(header));
        socket.once('data', (chunk: Buffer) => {
          socket.destroy();
          resolve(chunk);
        });
        socket.once('error', reject);
      });
    expect((await answer(hub().hostName)).subarray(0, 8)).toEqual(header);
    expect((await answer('dps.localhost')).subarray(0, 8)).toEqual(header);
  });
});

describe('names for a bench LAN (--host-name)', () => {
  it('constrains the CA to the suffix, not to each service name, and names every service in the leaf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-lan-'));
    try {
      const names = serviceHostNames('bench.lan', ['sandbox-hub-1', 'sandbox-hub-2']);
      expect(names).toEqual({ dps: 'dps.bench.lan', hubs: ['sandbox-hub-1.bench.lan', 'sandbox-hub-2.bench.lan'] });
      const certificates = ensureCertificates(dir, ['192.168.50.2', 'bench.lan', names.dps, ...names.hubs]);
      expect(permittedNamesOf(certificates.caCertificatePem)).toEqual(expect.arrayContaining(['bench.lan', '192.168.50.2/32']));
      expect(permittedNamesOf(certificates.caCertificatePem)).not.toContain('dps.bench.lan');
      const leaf = new X509Certificate(certificates.serverCertificatePem);
      for (const name of [names.dps, ...names.hubs]) expect(leaf.checkHost(name)).toBe(name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --host-name without --standard-ports, and one that is not a DNS name', async () => {
    const io = { stdout: () => undefined, stderr: () => undefined };
    await expect(sandboxCommand.run(['--host-name', 'bench.lan'], io)).rejects.toThrow(/with --standard-ports/);
    await expect(sandboxCommand.run(['--standard-ports', '--host-name', '10.0.0.1'], io)).rejects.toThrow(/must be a DNS name/);
    expect(validHostNameBase('bench.lan')).toBe(true);
    expect(validHostNameBase('bad_name!')).toBe(false);
  });
});
