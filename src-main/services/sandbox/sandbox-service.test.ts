import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxStatus } from '../../../src-shared/contract/channels/sandbox.ts';
import { EventBus } from '../../events/event-bus.ts';
import { deriveDeviceKey, registerDevice, sandboxClients } from '../../bench/support/sandbox-clients.ts';
import { sandboxTarget } from '../profiles/profile-targets.ts';
import { sandboxStatsCountsReader } from './sandbox-counts.ts';
import { SandboxService } from './sandbox-service.ts';

// The supervisor with the real `provisioning-bench sandbox` child and counts through the SDKs.
const root = mkdtempSync(join(tmpdir(), 'pb-sandbox-service-'));
const dataDir = join(root, 'sandbox');
const events = new EventBus();
const pushed: SandboxStatus[] = [];
events.subscribe((event, payload) => {
  if (event === 'sandbox:status') pushed.push(payload as SandboxStatus);
});
const service = new SandboxService({ dataDir, events, readCounts: sandboxStatsCountsReader(sandboxTarget) });

beforeAll(async () => {
  await service.ensureStarted();
}, 60_000);

afterAll(async () => {
  await service.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('SandboxService with the real sandbox', () => {
  it('runs the sandbox and keeps keys for main-process callers only', async () => {
    const status = service.status();
    expect(status.state).toBe('running');
    expect(status.endpoints?.hubHostNames).toHaveLength(2);
    expect(existsSync(status.endpoints?.caCertificatePath ?? '')).toBe(true);
    const info = await service.getSandboxEndpoints();
    expect(info?.dpsConnectionString).toMatch(/SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=/);
    const everythingTheRendererSaw = JSON.stringify([status, pushed]);
    expect(everythingTheRendererSaw).not.toContain('SharedAccessKey');
    expect(everythingTheRendererSaw).not.toContain(info?.hubs[0]?.connectionString.split('SharedAccessKey=')[1]);
  });

  it('counts enrollments, groups, registrations and devices from the sandbox stats endpoints', async () => {
    const info = await service.getSandboxEndpoints();
    if (!info) throw new Error('sandbox not running');
    const clients = sandboxClients(info);
    const dps = clients.factory.provisioningService();
    await dps.createOrUpdateIndividualEnrollment({ registrationId: 'count-one', attestation: { type: 'symmetricKey' } } as never);
    const group = await dps.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'count-group', attestation: { type: 'symmetricKey' } } as never);
    const groupKey = (group.responseBody as unknown as { attestation: { symmetricKey: { primaryKey: string } } }).attestation.symmetricKey.primaryKey;
    const assigned = await Promise.all(['count-a', 'count-b', 'count-c'].map((id) => registerDevice(clients, id, deriveDeviceKey(groupKey, id))));

    const counts = await service.counts();
    expect(counts).toMatchObject({ enrollments: 1, enrollmentGroups: 1, registrations: 3 });
    const perHub = new Map(counts.hubs.map((h) => [h.hostName, h.devices]));
    for (const host of info.hubs.map((h) => h.hostName)) {
      expect(perHub.get(host)).toBe(assigned.filter((a) => a.assignedHub === host).length);
    }
    expect(counts.hubs.every((h) => h.connectedDevices === 0)).toBe(true);
  });

  it('reset deletes everything and comes back with a fresh store', async () => {
    const before = service.status();
    const after = await service.reset();
    expect(after.state).toBe('running');
    expect(after.pid).not.toBe(before.pid);
    expect(after.endpoints?.idScope).not.toBe(before.endpoints?.idScope);
    expect(await service.counts()).toMatchObject({ enrollments: 0, enrollmentGroups: 0, registrations: 0 });
    expect(pushed.map((s) => s.state)).toEqual(['starting', 'running', 'stopped', 'starting', 'running']);
  });
});
