import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as DeviceSdk from 'azure-iot-device';
import type * as DeviceMqttSdk from 'azure-iot-device-mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hubRegistry, registerWithKey, startTestSandbox, type TestSandbox } from '../../sandbox/dps/dps-test-clients.ts';
import { AzureClientFactory } from '../azure/client-factory.ts';
import { EventLog } from '../event-log/event-log.ts';
import { HubEvents } from '../hub-events/hub-events.ts';
import { activeHubEventSource } from '../hub-events/active-source.ts';
import { sandboxTarget } from '../profiles/profile-targets.ts';
import { keyFingerprint } from '../keys/device-key.ts';
import { ConsoleStore } from '../store/console-store.ts';
import { HubEventsRecorder } from './recorders/hub-events-recorder.ts';
import { recordRegistration } from './recorders/registration-attempt.ts';
import { RegistrationPoller } from './recorders/registration-poller.ts';
import { TimelineService } from './timeline-service.ts';

// A small fleet provisioned through the real SDKs against a real sandbox: the DPS poller and the
// hub-events recorder (through the console's hub event reader) write what happened, the timeline reads it back in order.
const require = createRequire(import.meta.url);
const { Client, Message } = require('azure-iot-device') as typeof DeviceSdk;
const { Mqtt } = require('azure-iot-device-mqtt') as typeof DeviceMqttSdk;
const P = 'sandbox';

let t: TestSandbox;
let factory: AzureClientFactory;
let dir: string;
let store: ConsoleStore;
let log: EventLog;
let timeline: TimelineService;
let recorder: HubEventsRecorder;
let hubEvents: HubEvents;
const keysUsed: string[] = [];

beforeAll(async () => {
  t = await startTestSandbox();
  factory = new AzureClientFactory(await sandboxTarget(t.sandbox));
  dir = mkdtempSync(join(tmpdir(), 'timeline-flow-'));
  store = new ConsoleStore(dir);
  log = new EventLog(store);
  timeline = new TimelineService(store, log);
  recorder = new HubEventsRecorder(store, log);
  // The console's own hub event reader (each hub's built-in endpoint), as the container wires it.
  hubEvents = new HubEvents({ resolve: activeHubEventSource({ activeId: async () => P, clientsFor: async () => factory }) });
  await recorder.start(P, factory.hubHosts(), hubEvents);
  keysUsed.push(/SharedAccessKey=([^;]+)/.exec(t.sandbox.dpsConnectionString)![1]!, ...t.sandbox.hubs.map((h) => /SharedAccessKey=([^;]+)/.exec(h.connectionString)![1]!));
}, 60_000);

afterAll(async () => {
  await recorder?.stop();
  await hubEvents?.dispose();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
  await t?.dispose();
});

/** An individual enrollment with the tags the enrollments area writes, logged as that area logs it. */
async function enroll(registrationId: string, serialNumber: string, provisioningStatus: 'enabled' | 'disabled' = 'enabled'): Promise<string> {
  const tags = { serialNumber, customer: 'Contoso', model: 'TH-1' };
  const created = (await factory.provisioningService().createOrUpdateIndividualEnrollment({ registrationId, provisioningStatus, attestation: { type: 'symmetricKey' }, initialTwin: { tags } } as never)).responseBody;
  const keys = (created.attestation as unknown as { symmetricKey: { primaryKey: string; secondaryKey: string } }).symmetricKey;
  keysUsed.push(keys.primaryKey, keys.secondaryKey);
  log.append(P, { kind: 'enrolled', source: 'console', registrationId, detail: { tags, fingerprint: keyFingerprint(keys.primaryKey) } });
  return keys.primaryKey;
}

/** Registers, connects, sends telemetry twice and reports its provisioning status. */
async function bringUp(registrationId: string, key: string): Promise<void> {
  const state = await recordRegistration(log, P, registrationId, 'simulator', () => registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, registrationId, key, t.ca));
  const client = Client.fromConnectionString(`HostName=${state.assignedHub};DeviceId=${state.deviceId};SharedAccessKey=${key}`, Mqtt);
  await client.setOptions({ ca: t.ca });
  try {
    await client.open();
    await client.sendEvent(new Message('{"t":21}'));
    await client.sendEvent(new Message('{"t":22}'));
    const twin = await client.getTwin();
    await new Promise<void>((resolve, reject) => twin.properties.reported.update({ provisioningStatus: 'provisioned' }, (e?: Error) => (e ? reject(e) : resolve())));
  } finally {
    await client.close();
  }
}

describe('a provisioned fleet on the timeline', () => {
  it('records each device\'s steps in order with the right stages, and the funnel counts them', async () => {
    const ids = ['flow-1', 'flow-2', 'flow-3'];
    for (const [i, id] of ids.entries()) await bringUp(id, await enroll(id, `SN-${i}`));
    await vi.waitFor(() => expect(timeline.funnel(P, {}).stages.at(-1)!.count).toBe(3), { timeout: 15_000, interval: 100 });
    for (const id of ids) {
      const { events, device } = timeline.device(P, id);
      const kinds = events.map((e) => e.kind);
      const at = (kind: string) => kinds.indexOf(kind);
      expect(at('enrolled')).toBe(0);
      expect(at('registration-attempted')).toBeLessThan(at('registered'));
      for (const [before, after] of [['registered', 'connected'], ['connected', 'first-telemetry'], ['first-telemetry', 'status-reported']] as const) expect(at(before)).toBeLessThan(at(after));
      expect(kinds).toContain('hub-identity-created');
      expect(kinds.filter((k) => k === 'first-telemetry')).toHaveLength(1);
      expect(events.find((e) => e.kind === 'status-reported')?.detail).toEqual({ status: 'provisioned' });
      expect(device).toMatchObject({ status: 'provisioned', serialNumber: expect.stringMatching(/^SN-/), customer: 'Contoso', hubHost: expect.any(String) });
    }
    expect(timeline.funnel(P, {}).stages.map((s) => s.count)).toEqual([3, 3, 3, 3, 3]);
    // The poller has nothing new to say about devices already seen registering.
    expect(await new RegistrationPoller(store, log).pollOnce(P, factory)).toBe(0);
  });

  it('a registration refused for a disabled enrollment shows the failure and DPS\'s reason, also learnt by polling', async () => {
    const key = await enroll('flow-disabled', 'SN-D', 'disabled');
    await expect(bringUp('flow-disabled', key)).rejects.toThrow();
    expect(timeline.device(P, 'flow-disabled').device).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/disabled/) });
    await enroll('flow-disabled-polled', 'SN-DP', 'disabled');
    const polledKey = keysUsed.at(-2)!;
    await expect(registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'flow-disabled-polled', polledKey, t.ca)).rejects.toThrow();
    expect(await new RegistrationPoller(store, log).pollOnce(P, factory)).toBe(1);
    const polled = timeline.device(P, 'flow-disabled-polled');
    expect(polled.events.at(-1)).toMatchObject({ kind: 'registration-failed', source: 'dps-poll', detail: { reason: 'The individual enrollment is disabled.' } });
  });

  it('a registration with a wrong key shows the failure and that the credentials were refused', async () => {
    await enroll('flow-wrongkey', 'SN-W');
    await expect(bringUp('flow-wrongkey', Buffer.alloc(32, 7).toString('base64'))).rejects.toThrow();
    const view = timeline.device(P, 'flow-wrongkey');
    expect(view.device).toMatchObject({ status: 'failed' });
    expect(view.device?.failureReason).toMatch(/401|unauthori[sz]ed|refused/i);
  });

  it('a device registered by a group enrollment is learnt by polling DPS', async () => {
    const group = (await factory.provisioningService().createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'flow-group', attestation: { type: 'symmetricKey' } } as never)).responseBody;
    const groupKey = (group.attestation as unknown as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    keysUsed.push(groupKey);
    const { createHmac } = await import('node:crypto');
    const deviceKey = createHmac('sha256', Buffer.from(groupKey, 'base64')).update('flow-member').digest('base64');
    keysUsed.push(deviceKey);
    await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, 'flow-member', deviceKey, t.ca);
    expect(await new RegistrationPoller(store, log).pollOnce(P, factory)).toBeGreaterThanOrEqual(1);
    expect(timeline.device(P, 'flow-member').device).toMatchObject({ status: expect.stringMatching(/registered|connected/), enrollmentGroup: 'flow-group' });
    expect(timeline.device(P, 'flow-member').links.enrollment).toEqual({ kind: 'group', id: 'flow-group' });
  });

  it('the poller walks devices waiting to register a few per round, so none is starved', async () => {
    const ids = ['flow-wait-a', 'flow-wait-b', 'flow-wait-c'];
    for (const [i, id] of ids.entries()) await registerWithKey(t.sandbox.provisioningHost, t.sandbox.idScope, id, await enroll(id, `SN-W${i}`), t.ca);
    const poller = new RegistrationPoller(store, log, 2);
    const registered = () => ids.filter((id) => timeline.device(P, id).device?.status === 'registered');
    // Six devices wait (three from earlier tests that never register): two per round, three rounds.
    await poller.pollOnce(P, factory);
    expect(registered().length).toBeLessThan(3);
    await poller.pollOnce(P, factory);
    await poller.pollOnce(P, factory);
    expect(registered()).toEqual(ids);
  });

  it('a hub read for the first time is read from its oldest event: a device created before then still has its step', async () => {
    const hub = t.sandbox.hubs[0]!;
    await hubRegistry(hub.connectionString, t.ca).create({ deviceId: 'flow-before' });
    // Past for certain: the running recorder has it. The fresh one reads through a reader of its own.
    await vi.waitFor(() => expect(timeline.device(P, 'flow-before').events.map((e) => e.kind)).toContain('hub-identity-created'), { timeout: 20_000, interval: 200 });
    const freshEvents = new HubEvents({ resolve: activeHubEventSource({ activeId: async () => P, clientsFor: async () => factory }) });
    const freshDir = mkdtempSync(join(tmpdir(), 'timeline-fresh-'));
    const freshStore = new ConsoleStore(freshDir);
    const freshLog = new EventLog(freshStore);
    const freshTimeline = new TimelineService(freshStore, freshLog);
    const fresh = new HubEventsRecorder(freshStore, freshLog);
    try {
      await fresh.start(P, [hub.hostName], freshEvents);
      await vi.waitFor(() => expect(freshTimeline.device(P, 'flow-before').events.map((e) => e.kind)).toContain('hub-identity-created'), { timeout: 20_000, interval: 200 });
    } finally {
      await fresh.stop();
      await freshEvents.dispose();
      freshStore.close();
      rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it('no key used in the run is in the stored events (database and WAL) or in any export', () => {
    expect(keysUsed.length).toBeGreaterThan(8);
    const files = ['sandbox.db', 'sandbox.db-wal'].map((name) => join(dir, 'store', name)).filter(existsSync);
    expect(files.length).toBeGreaterThan(0);
    const stored = files.map((f) => readFileSync(f).toString('latin1')).join('\n');
    const exports = (['events', 'inventory'] as const).flatMap((what) => (['jsonl', 'csv'] as const).map((format) => timeline.export(P, what, format, 0).text));
    expect(exports.join('').length).toBeGreaterThan(1000);
    for (const key of keysUsed) {
      expect(stored.includes(key), 'a key in the console database').toBe(false);
      for (const text of exports) expect(text.includes(key), 'a key in an export').toBe(false);
    }
  });
});
