import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchRequestSchema } from '../../../src-shared/contract/channels/serial.ts';
import { EventBus } from '../../events/event-bus.ts';
import { EventLog } from '../event-log/event-log.ts';
import { deriveDeviceKey, generateSymmetricKey, keyFingerprint } from '../keys/device-key.ts';
import { ConsoleStore } from '../store/console-store.ts';
import { Tasks } from '../tasks/tasks.ts';
import { SERIAL_BATCH_KIND, defineSerialBatch } from './serial-batch.ts';
import { resultsCsv } from './serial-results.ts';
import { SerialService } from './serial-service.ts';
import { startAgent } from './testing/agent-process.ts';
import { openPtyPair } from './testing/pty-pair.ts';

/** The batch queue through the real service, Tasks and console store, against the real agent on a pty pair. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const groupKey = generateSymmetricKey();

async function rig() {
  const dir = mkdtempSync(join(tmpdir(), 'pb-serial-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const agent = startAgent({ port: pair.device, stateDir: join(dir, 'agent'), serial: 'pi-batch', register: false });
  cleanups.push(() => agent.stop());
  await agent.ready();
  const store = new ConsoleStore(dir);
  const events = new EventBus();
  const eventLog = new EventLog(store);
  const tasks = new Tasks(store, events);
  const serial = new SerialService({
    events,
    eventLog,
    store,
    profileId: async () => 'sandbox',
    credentials: async () => ({ idScope: '0ne0000AAAA', globalEndpoint: '127.0.0.1:1', deriveKey: (id) => deriveDeviceKey(groupKey, id) }),
    listPorts: async () => [],
  });
  defineSerialBatch(tasks, serial);
  cleanups.push(async () => {
    serial.dispose();
    await tasks.dispose();
    store.close();
  });
  return { dir, pair, serial, tasks, eventLog, events };
}

describe('serial batch', () => {
  it('pushes a CSV queue in order, stores each result, records keys-pushed, exports without a key, and resumes after a cancel', async () => {
    const { dir, pair, serial, tasks, eventLog } = await rig();
    const ids = ['bench-a', 'bench-b', 'bench-c'];
    const input = batchRequestSchema.parse({ path: pair.host, groupId: 'g', register: false, mode: 'csv', advance: 'auto', items: ids.map((registrationId) => ({ registrationId })) });
    let jobId = '';
    // Cancel as soon as the first device is pushed: the rest must wait for the resume.
    const stopListening = eventLog.onAppend((event) => {
      if (event.kind !== 'keys-pushed') return;
      stopListening();
      void tasks.cancel('sandbox', jobId);
    });
    jobId = tasks.start('sandbox', SERIAL_BATCH_KIND, 'batch', input).id;
    const stopped = await tasks.finished('sandbox', jobId);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.done).toBeLessThan(3);
    tasks.resume('sandbox', jobId);
    const finished = await tasks.finished('sandbox', jobId);
    expect(finished).toMatchObject({ status: 'succeeded', done: 3, failed: 0, summary: { passed: 3, failed: 0 } });

    const results = serial.results.forJob('sandbox', jobId);
    expect(results.map((r) => [r.registrationId, r.status, r.serial])).toEqual(ids.map((id) => [id, 'passed', 'pi-batch']));
    expect(results[2]?.keyFingerprint).toBe(keyFingerprint(deriveDeviceKey(groupKey, 'bench-c')));
    // The device holds the last one, whole.
    expect(JSON.parse(readFileSync(join(dir, 'agent', 'credentials.json'), 'utf8'))).toMatchObject({ registrationId: 'bench-c', key: deriveDeviceKey(groupKey, 'bench-c') });
    const pushed = eventLog.forDevice('sandbox', 'bench-b');
    expect(pushed.some((e) => e.kind === 'keys-pushed' && e.outcome === 'ok' && e.source === 'serial')).toBe(true);
    const csv = resultsCsv(results);
    expect(csv.split('\n')[0]).toBe('index,registrationId,serial,status,step,code,message,keyFingerprint,assignedHub,at');
    for (const id of ids) expect(csv).not.toContain(deriveDeviceKey(groupKey, id));
    expect(csv).not.toContain(groupKey);
    expect(JSON.stringify(eventLog.forDevice('sandbox', 'bench-a'))).not.toContain(deriveDeviceKey(groupKey, 'bench-a'));
  });

  it('fails a queued device whose serial number does not match, writes nothing to it, and goes on', async () => {
    const { dir, pair, tasks, serial } = await rig();
    const input = batchRequestSchema.parse({
      path: pair.host, groupId: 'g', register: false, mode: 'csv', advance: 'auto',
      items: [{ registrationId: 'wrong-one', expectedSerial: 'pi-other' }, { registrationId: 'right-one', expectedSerial: 'pi-batch' }],
    });
    const job = tasks.start('sandbox', SERIAL_BATCH_KIND, 'batch', input);
    expect(await tasks.finished('sandbox', job.id)).toMatchObject({ status: 'succeeded', done: 1, failed: 1 });
    const [wrong, right] = serial.results.forJob('sandbox', job.id);
    expect(wrong).toMatchObject({ status: 'failed', step: 'identify', code: 'SERIAL_SERIAL_MISMATCH', serial: 'pi-batch' });
    expect(wrong?.message).toContain('pi-other');
    expect(right).toMatchObject({ status: 'passed' });
    expect(JSON.parse(readFileSync(join(dir, 'agent', 'credentials.json'), 'utf8'))).toMatchObject({ registrationId: 'right-one' });
  });
});
