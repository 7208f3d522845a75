import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveDeviceKey, registerDevice } from '../../bench/support/sandbox-clients.ts';
import type { FleetInput } from './register-fleet.ts';
import { makeDataDir, removeDataDir, startSandboxChild, type SandboxChild } from './sandbox-child.ts';

// Every acknowledged write is durable (issue 3): SIGKILL the sandbox in the middle of 200 concurrent
// MQTT registrations, restart it on the same data dir, and every registration a device saw as
// assigned is there with its hub device and key; no hub device exists without its registration.
const DEVICES = 200;
const KILL_AFTER_ASSIGNED = 40;

const FLEET = fileURLToPath(new URL('./register-fleet.ts', import.meta.url));
const dataDir = makeDataDir('crash');
const children: SandboxChild[] = [];

afterAll(async () => {
  for (const c of children) await c.process.stop();
  removeDataDir(dataDir);
});

interface FleetLine {
  id: string;
  status?: string;
  assignedHub?: string;
  deviceId?: string;
  error?: string;
}

/** Starts the fleet process; `onLine` gets each device's outcome as it arrives. */
function runFleet(input: FleetInput, onLine: (line: FleetLine) => void): { closed: Promise<{ code: number | null; signal: string | null }>; stop(): void } {
  const fleet = spawn(process.execPath, [FLEET], { env: { ...process.env, FLEET_INPUT: JSON.stringify(input) }, stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: fleet.stdout }).on('line', (line) => onLine(JSON.parse(line) as FleetLine));
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => fleet.once('close', (code, signal) => resolve({ code, signal })));
  return { closed, stop: () => fleet.kill('SIGTERM') };
}

interface GroupRegistration {
  registrationId: string;
  status: string;
  deviceId?: string;
  assignedHub?: string;
}

describe('sandbox killed mid-provisioning', () => {
  it('keeps every assignment a device saw, each with its hub device, and nothing half made', async () => {
    const first = await startSandboxChild(dataDir);
    children.push(first);
    const dps = first.clients.factory.provisioningService();
    const group = await dps.createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'crash-group', attestation: { type: 'symmetricKey' } } as never);
    const groupKey = (group.responseBody as unknown as { attestation: { symmetricKey: { primaryKey: string } } }).attestation.symmetricKey.primaryKey;
    const ids = Array.from({ length: DEVICES }, (_, i) => `crash-${String(i).padStart(3, '0')}`);
    const keys = new Map(ids.map((id) => [id, deriveDeviceKey(groupKey, id)]));

    const seenAssigned = new Map<string, { assignedHub: string; deviceId: string }>();
    let killed = false;
    const info = first.process.info;
    const fleet = runFleet(
      { provisioningHost: info.provisioningHost, idScope: info.idScope, caCertificatePath: info.caCertificatePath, devices: ids.map((id) => ({ id, key: keys.get(id) as string })), staggerMs: 10 },
      (line) => {
        if (line.status !== 'assigned' || !line.assignedHub || !line.deviceId) return;
        seenAssigned.set(line.id, { assignedHub: line.assignedHub, deviceId: line.deviceId });
        if (!killed && seenAssigned.size >= KILL_AFTER_ASSIGNED) {
          killed = true;
          process.kill(first.process.pid, 'SIGKILL');
        }
      },
    );
    const exit = await Promise.race([first.process.exited, fleet.closed.then(() => null)]);
    // Devices still waiting on the dead sandbox would only time out; what they saw is already in.
    fleet.stop();
    const fleetEnd = await fleet.closed;
    expect(fleetEnd.code === 0 || fleetEnd.signal === 'SIGTERM').toBe(true);
    expect(exit?.signal).toBe('SIGKILL');
    // The kill landed in the middle: some devices got their answer, some never did.
    expect(seenAssigned.size).toBeGreaterThanOrEqual(KILL_AFTER_ASSIGNED);
    expect(seenAssigned.size).toBeLessThan(DEVICES);

    const second = await startSandboxChild(dataDir);
    children.push(second);
    expect(second.process.info.idScope).toBe(first.process.info.idScope);
    // Ports are kept when free; map by position in case one was not.
    const hubAfter = new Map(first.process.info.hubs.map((h, i) => [h.hostName, second.process.info.hubs[i]?.hostName as string]));
    const after = second.clients.factory;

    for (const [id, seen] of seenAssigned) {
      const state = (await after.provisioningService().getDeviceRegistrationState(id)).responseBody as unknown as GroupRegistration;
      expect({ id, status: state.status, deviceId: state.deviceId, hub: state.assignedHub }).toEqual({ id, status: 'assigned', deviceId: seen.deviceId, hub: hubAfter.get(seen.assignedHub) });
      const device = (await after.registry(state.assignedHub).get(seen.deviceId)).responseBody;
      expect(device.authentication?.symmetricKey?.primaryKey).toBe(keys.get(id));
    }

    // Nothing half made: hub devices and assigned registrations match one to one.
    const query = after.provisioningService().createEnrollmentGroupDeviceRegistrationStateQuery({ query: 'SELECT *' }, 'crash-group', 1000);
    const page = await query.next();
    const body = page.responseBody as unknown as GroupRegistration[] | { items: GroupRegistration[] };
    const registrations = Array.isArray(body) ? body : body.items;
    expect(query.hasMoreResults).toBe(false);
    const assigned = new Set(registrations.filter((r) => r.status === 'assigned').map((r) => `${r.assignedHub}/${r.deviceId}`));
    const onHubs = new Set<string>();
    for (const host of after.hubHosts()) {
      const devices = (await after.registry(host).list()).responseBody as Array<{ deviceId: string }>;
      for (const d of devices) if (d.deviceId.startsWith('crash-')) onHubs.add(`${host}/${d.deviceId}`);
    }
    expect([...onHubs].sort()).toEqual([...assigned].sort());
    for (const id of seenAssigned.keys()) expect([...assigned].some((a) => a.endsWith(`/${id}`))).toBe(true);

    // The devices cut off by the crash can simply register again.
    const retry = ids.filter((id) => !seenAssigned.has(id)).slice(0, 10);
    for (const id of retry) {
      const state = await registerDevice(second.clients, id, keys.get(id) as string);
      expect(state.status).toBe('assigned');
    }
  }, 120_000);
});
