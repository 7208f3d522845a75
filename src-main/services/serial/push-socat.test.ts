import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveDeviceKey, generateSymmetricKey, keyFingerprint } from '../keys/device-key.ts';
import { pushOverPort } from './push-over-port.ts';
import type { StepUpdate } from './push-session.ts';
import type { LineEntry } from './serial-link.ts';
import { type AgentProcess, startAgent } from './testing/agent-process.ts';
import { type PtyPair, openPtyPair } from './testing/pty-pair.ts';

/** The real agent (python3) on one end of a socat pty pair, the real serialport host on the other. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function bench(serial = 'pi-0001'): Promise<{ pair: PtyPair; agent: AgentProcess; stateDir: string }> {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const stateDir = mkdtempSync(join(tmpdir(), 'pb-agent-'));
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const agent = startAgent({ port: pair.device, stateDir, serial, register: false });
  cleanups.push(() => agent.stop());
  await agent.ready();
  return { pair, agent, stateDir };
}

const groupKey = generateSymmetricKey();
const plan = { idScope: '0ne0012ABCD', globalEndpoint: '127.0.0.1:1', register: false };

describe('a credential push over a real pty pair to the real agent', () => {
  it('writes exactly the derived key, proves it, commits, and the file is 0600', async () => {
    const { pair, stateDir } = await bench();
    const steps: StepUpdate[] = [];
    const entries: LineEntry[] = [];
    const outcome = await pushOverPort(
      { ...plan, registrationId: 'line1-dev-7' },
      { path: pair.host, deriveKey: (id) => deriveDeviceKey(groupKey, id), onStep: (s) => steps.push(s), onEntry: (e) => entries.push(e) },
    );
    const deviceKey = deriveDeviceKey(groupKey, 'line1-dev-7');
    expect(outcome).toMatchObject({ registrationId: 'line1-dev-7', serial: 'pi-0001', keyFingerprint: keyFingerprint(deviceKey) });
    const stored = JSON.parse(readFileSync(join(stateDir, 'credentials.json'), 'utf8')) as Record<string, string>;
    expect(stored).toEqual({ idScope: plan.idScope, globalEndpoint: plan.globalEndpoint, registrationId: 'line1-dev-7', key: deviceKey });
    expect(statSync(join(stateDir, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(steps.filter((s) => s.status === 'ok').map((s) => s.step)).toEqual(['detect', 'identify', 'derive', 'send', 'verify', 'commit']);
    expect(steps.at(-1)).toMatchObject({ step: 'register', status: 'skipped' });
    const consoleText = entries.map((e) => e.text).join('\n');
    expect(consoleText).toContain('credentials committed for line1-dev-7');
    expect(consoleText).not.toContain(deviceKey);
    expect(consoleText).not.toContain(groupKey);
  });

  it('takes the registration id from the device serial number when the queue says so', async () => {
    const { pair, stateDir } = await bench('10000000ABCDEF01');
    const outcome = await pushOverPort({ ...plan, registrationPrefix: 'pi-' }, { path: pair.host, deriveKey: (id) => deriveDeviceKey(groupKey, id) });
    expect(outcome.registrationId).toBe('pi-10000000abcdef01');
    expect(JSON.parse(readFileSync(join(stateDir, 'credentials.json'), 'utf8'))).toMatchObject({ registrationId: 'pi-10000000abcdef01' });
  });
});
