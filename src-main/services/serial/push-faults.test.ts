import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveDeviceKey, generateSymmetricKey } from '../keys/device-key.ts';
import { pushOverPort } from './push-over-port.ts';
import type { PushTimeouts } from './push-session.ts';
import type { LineEntry } from './serial-link.ts';
import { type AgentOptions, startAgent } from './testing/agent-process.ts';
import { type Tamper, corrupt, openFaultRelay } from './testing/fault-relay.ts';
import { waitFor } from './testing/pty-pair.ts';

/**
 * Faults on a real line (pty pairs with a tampering relay in the middle) against the real agent.
 * Each ends in a clear error or a recovered push, and the device keeps its old credentials or the
 * new ones, whole: never a mix.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const groupKey = generateSymmetricKey();
const deriveKey = (id: string) => deriveDeviceKey(groupKey, id);
const plan = { idScope: '0ne0012ABCD', globalEndpoint: '127.0.0.1:1', register: false };
const quick: Partial<PushTimeouts> = { attemptMs: 300, identifyMs: 8000, verifyMs: 3000, commitMs: 3000 };

/** A device already holding `old-dev`, behind a relay that applies `tamper` from then on. */
async function provisionedDevice(tamper: Tamper, agentOptions: Partial<AgentOptions> = {}) {
  let active = false;
  const relay = await openFaultRelay((direction, line, body) => (active ? tamper(direction, line, body) : 'pass'));
  cleanups.push(() => relay.close());
  const stateDir = mkdtempSync(join(tmpdir(), 'pb-agent-'));
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const options = { port: relay.device, stateDir, serial: 'pi-fault', register: false };
  let agent = startAgent(options);
  await agent.ready();
  await pushOverPort({ ...plan, registrationId: 'old-dev' }, { path: relay.host, deriveKey, timeouts: quick });
  if (agentOptions.maxFileBytes !== undefined) {
    await agent.stop();
    agent = startAgent({ ...options, ...agentOptions });
    await agent.ready();
  }
  cleanups.push(() => agent.stop());
  active = true;
  const credentials = () => JSON.parse(readFileSync(join(stateDir, 'credentials.json'), 'utf8')) as Record<string, string>;
  const restart = async () => {
    await agent.stop();
    agent = startAgent(options);
    await agent.ready();
  };
  return { relay, stateDir, credentials, agent: () => agent, restart };
}

const isType = (type: string) => (body: { t: string } | null) => body?.t === type;

describe('faults on the line', () => {
  it('a dropped config frame and a dropped reply are re-sent; the device stores once and ends with the new credentials', async () => {
    const dropped = new Set<string>();
    const device = await provisionedDevice((direction, _line, body) => {
      const key = `${direction}:${body?.t}`;
      if ((isType('config')(body) || isType('stored')(body)) && !dropped.has(key)) {
        dropped.add(key);
        return 'drop';
      }
      return 'pass';
    });
    const entries: LineEntry[] = [];
    const outcome = await pushOverPort({ ...plan, registrationId: 'new-dev' }, { path: device.relay.host, deriveKey, timeouts: quick, onEntry: (e) => entries.push(e) });
    expect(outcome.registrationId).toBe('new-dev');
    expect(dropped).toEqual(new Set(['to-device:config', 'to-host:stored']));
    expect(entries.filter((e) => e.kind === 'retry').length).toBeGreaterThanOrEqual(2);
    expect(device.credentials()).toEqual({ ...plan, registrationId: 'new-dev', key: deriveKey('new-dev'), register: undefined });
    expect(device.agent().log().match(/credentials stored for new-dev/g)).toHaveLength(1);
  });

  it('a corrupted frame each way is dropped by its receiver and recovered by the re-send', async () => {
    const corrupted = new Set<string>();
    const device = await provisionedDevice((direction, line, body) => {
      if ((isType('config')(body) || isType('committed')(body)) && !corrupted.has(body?.t ?? '')) {
        corrupted.add(body?.t ?? '');
        return corrupt(line);
      }
      return 'pass';
    });
    await pushOverPort({ ...plan, registrationId: 'new-dev' }, { path: device.relay.host, deriveKey, timeouts: quick });
    expect(corrupted).toEqual(new Set(['config', 'committed']));
    expect(device.credentials()).toMatchObject({ registrationId: 'new-dev', key: deriveKey('new-dev') });
  });

  it('a line that loses every config frame gives SERIAL_TIMEOUT_VERIFY and the old credentials stay', async () => {
    const device = await provisionedDevice((_direction, _line, body) => (isType('config')(body) ? 'drop' : 'pass'));
    await expect(pushOverPort({ ...plan, registrationId: 'new-dev' }, { path: device.relay.host, deriveKey, timeouts: quick })).rejects.toMatchObject({ code: 'SERIAL_TIMEOUT_VERIFY', step: 'send' });
    expect(device.credentials()).toMatchObject({ registrationId: 'old-dev', key: deriveKey('old-dev') });
  });

  it('the device vanishing after it stored but before the commit leaves the old credentials once it is back', async () => {
    let killed = false;
    const holder: { kill?: () => void } = {};
    const device = await provisionedDevice((direction, _line, body) => {
      if (direction === 'to-host' && isType('stored')(body)) {
        if (!killed) holder.kill?.();
        killed = true;
        return 'drop';
      }
      return 'pass';
    });
    holder.kill = () => device.agent().process.kill('SIGKILL');
    await expect(pushOverPort({ ...plan, registrationId: 'new-dev' }, { path: device.relay.host, deriveKey, timeouts: quick })).rejects.toMatchObject({ code: 'SERIAL_TIMEOUT_VERIFY' });
    expect(existsSync(join(device.stateDir, 'credentials.pending.json'))).toBe(true);
    expect(device.credentials()).toMatchObject({ registrationId: 'old-dev' });
    await device.restart();
    await waitFor(() => !existsSync(join(device.stateDir, 'credentials.pending.json')), 10_000, 'the restarted agent to drop the uncommitted config');
    expect(device.credentials()).toMatchObject({ registrationId: 'old-dev', key: deriveKey('old-dev') });
  });

  it('a disk that refuses the write gives SERIAL_DEVICE_ERROR E_STORE and the old credentials stay, whole', async () => {
    const device = await provisionedDevice(() => 'pass', { maxFileBytes: 64 });
    const failure = pushOverPort({ ...plan, registrationId: 'new-dev' }, { path: device.relay.host, deriveKey, timeouts: quick });
    await expect(failure).rejects.toMatchObject({ code: 'SERIAL_DEVICE_ERROR', step: 'send' });
    await expect(failure).rejects.toThrow(/E_STORE could not store credentials/);
    expect(device.credentials()).toMatchObject({ registrationId: 'old-dev', key: deriveKey('old-dev') });
    expect(existsSync(join(device.stateDir, 'credentials.pending.json'))).toBe(false);
  });
});
