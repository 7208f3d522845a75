import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetOptions } from '../../../src-shared/contract/channels/simulator.ts';
import { startSimulatorHarness, type SimulatorHarness } from './test-support.ts';

// Fleets from each source: a custom-allocation group over HTTPS with a provisioning payload
// (seed 003's modelId), an X.509 group the console mints, individual enrollments; scaling.
let h: SimulatorHarness;
let webhook: Server;
const seen: Array<{ registrationId: string; payload: unknown }> = [];
const telemetry: FleetOptions['telemetry'] = { intervalMs: 2_000, source: { kind: 'sample', name: 'random_telemetry' } };
const connected = (n: number) => (s: { counters: { connected: number; devices: number } }) => s.counters.connected === n && s.counters.devices === n;

beforeAll(async () => {
  h = await startSimulatorHarness();
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = JSON.parse(body) as { deviceRuntimeContext: { registrationId: string; payload?: unknown }; linkedHubs: string[] };
      seen.push({ registrationId: request.deviceRuntimeContext.registrationId, payload: request.deviceRuntimeContext.payload });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ iotHubHostName: request.linkedHubs.at(-1) }));
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
  await h?.dispose();
  webhook?.close();
});

describe('fleet sources', () => {
  it('sends the custom provisioning payload over HTTPS to a custom allocation, and lands where it chose', async () => {
    const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api/allocate`;
    await h.clients.provisioningService().createOrUpdateEnrollmentGroup({
      enrollmentGroupId: 'custom-group',
      attestation: { type: 'symmetricKey' },
      allocationPolicy: 'custom',
      customAllocationDefinition: { webhookUrl, apiVersion: '2019-03-31' },
    } as never);
    const modelId = 'dtmi:contosocom:DigitalTwins:Thermostat;2';
    await h.simulator.startFleet({ source: { kind: 'group', groupId: 'custom-group' }, count: 3, idPattern: 'custom-{n}', transport: 'http', payload: { modelId }, telemetry });
    await h.waitFor(connected(3), 60_000);
    expect(seen.map((s) => s.registrationId).sort()).toEqual(['custom-1', 'custom-2', 'custom-3']);
    expect(seen.every((s) => (s.payload as { modelId?: string }).modelId === modelId)).toBe(true);
    const lastHub = h.clients.hubHosts().at(-1);
    expect(h.simulator.devices().devices.every((d) => d.hubHost === lastHub)).toBe(true);
    await h.simulator.stop();
  }, 90_000);

  it('mints device certificates under a signing certificate of a group it creates, and scales up and down', async () => {
    const status = await h.simulator.startFleet({ source: { kind: 'create', attestation: 'x509' }, count: 3, idPattern: 'cert-{n:2}', telemetry });
    expect(status.sourceLabel).toMatch(/^created X\.509 group simulator-\d{14}/);
    await h.waitFor(connected(3), 60_000);
    const first = h.simulator.devices().devices.find((d) => d.id === 'cert-01')!;
    const device = await h.clients.registry(first.hubHost!).get('cert-01');
    expect((device.responseBody.authentication as { type?: string } | undefined)?.type).toBe('certificateAuthority');
    await h.simulator.scale(5);
    await h.waitFor(connected(5), 60_000);
    await h.simulator.scale(2);
    await h.waitFor(connected(2), 30_000);
    expect(h.simulator.devices().devices.map((d) => d.id).sort()).toEqual(['cert-01', 'cert-02']);
    await h.simulator.stop();
  }, 120_000);

  it('runs existing individual enrollments with their own keys, and cannot grow beyond them', async () => {
    for (const id of ['solo-a', 'solo-b']) await h.clients.provisioningService().createOrUpdateIndividualEnrollment({ registrationId: id, attestation: { type: 'symmetricKey' } } as never);
    await h.simulator.startFleet({ source: { kind: 'individual', registrationIds: ['solo-a', 'solo-b'] }, count: 2, telemetry });
    await h.waitFor(connected(2), 60_000);
    await expect(h.simulator.scale(3)).rejects.toThrow(/cannot grow beyond/);
    await h.simulator.stop();
  }, 90_000);

  it('refuses bad options and a group it cannot use, naming the problem, and keeps no fleet', async () => {
    await expect(h.simulator.startFleet({ source: { kind: 'group', groupId: 'g' }, count: 0, telemetry })).rejects.toThrow(/count/);
    await expect(h.simulator.startFleet({ source: { kind: 'group', groupId: 'no-such-group' }, count: 1, telemetry })).rejects.toThrow(/no-such-group/);
    await expect(h.simulator.startFleet({ source: { kind: 'create', attestation: 'symmetricKey' }, count: 1, telemetry: { intervalMs: 1_000, source: { kind: 'file', path: '/nonexistent/lines.jsonl' } } })).rejects.toThrow(/cannot be read/);
    expect(h.simulator.status().state).toBe('idle');
  }, 30_000);
});
