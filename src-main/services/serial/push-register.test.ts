import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestSandbox, startTestSandbox } from '../../sandbox/dps/dps-test-clients.ts';
import { deriveDeviceKey } from '../keys/device-key.ts';
import { pushOverPort } from './push-over-port.ts';
import type { StepUpdate } from './push-session.ts';
import { startAgent } from './testing/agent-process.ts';
import { waitForTelemetry } from './testing/hub-telemetry.ts';
import { openPtyPair } from './testing/pty-pair.ts';

/**
 * The seed's device story end to end without the device portal: the console pushes a derived key
 * over a real pty pair, the real agent registers with the sandbox DPS over HTTPS with it, reports
 * its hub over the line, and its first telemetry arrives in that hub over the device HTTPS API.
 */
let t: TestSandbox;
let groupKey: string;
beforeAll(async () => {
  t = await startTestSandbox({ hubs: 1 });
  const group = (await t.service.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'bench-line', attestation: { type: 'symmetricKey' } } as never)).responseBody;
  groupKey = (group.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
});
afterAll(async () => t?.dispose());

describe('push, then the agent registers and sends telemetry', () => {
  it('reports the assigned hub over serial and its first telemetry reaches that hub', async () => {
    const pair = await openPtyPair();
    const stateDir = mkdtempSync(join(tmpdir(), 'pb-agent-'));
    const telemetry = join(stateDir, '..', `${stateDir.split('/').pop()}-telemetry.jsonl`);
    writeFileSync(telemetry, `${JSON.stringify({ temperature: 21.5 })}\n`);
    const agent = startAgent({ port: pair.device, stateDir, serial: 'pi-reg-1', ca: t.sandbox.caCertificatePath, telemetry });
    try {
      await agent.ready();
      const steps: StepUpdate[] = [];
      const outcome = await pushOverPort(
        { registrationId: 'bench-pi-1', idScope: t.sandbox.idScope, globalEndpoint: t.sandbox.provisioningHost, register: true },
        { path: pair.host, deriveKey: (id) => deriveDeviceKey(groupKey, id), onStep: (s) => steps.push(s), timeouts: { registerMs: 30_000 } },
      );
      const hub = t.sandbox.hubs[0] as { hostName: string; connectionString: string };
      expect(outcome).toMatchObject({ registrationId: 'bench-pi-1', assignedHub: hub.hostName, deviceId: 'bench-pi-1' });
      expect(steps.filter((s) => s.status === 'ok').map((s) => s.step)).toEqual(['detect', 'identify', 'derive', 'send', 'verify', 'commit', 'register']);
      expect(JSON.parse(readFileSync(join(stateDir, 'assignment.json'), 'utf8'))).toMatchObject({ assignedHub: hub.hostName, deviceId: 'bench-pi-1' });
      const status = await waitForTelemetry(hub.connectionString, t.ca, (e) => e.deviceId === 'bench-pi-1' && e.properties.messageType === 'provisioning-status', 20_000);
      expect(JSON.parse(status.body)).toMatchObject({ provisioningStatus: 'assigned', registrationId: 'bench-pi-1' });
      const first = await waitForTelemetry(hub.connectionString, t.ca, (e) => e.deviceId === 'bench-pi-1' && e.properties.messageType === 'telemetry', 20_000);
      expect(JSON.parse(first.body)).toEqual({ temperature: 21.5 });
    } finally {
      await agent.stop();
      await pair.close();
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(telemetry, { force: true });
    }
  });
});
