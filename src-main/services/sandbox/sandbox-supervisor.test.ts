import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxStatus } from '../../../src-shared/contract/channels/sandbox.ts';
import type { SandboxCommandFactory } from './sandbox-command.ts';
import { SandboxSupervisor } from './sandbox-supervisor.ts';

// A stand-in child that behaves like `provisioning-bench sandbox` at the process boundary (ready
// line on stdout, stderr chatter, exit on SIGTERM), so the supervisor's failure handling can be
// driven on purpose. The real CLI is driven in sandbox-service.test.ts.
const STAND_IN = `(() => {
const [mode, dataDir] = process.argv.slice(1);
const fs = require('node:fs');
fs.mkdirSync(dataDir, { recursive: true });
const marker = dataDir + '/started';
const runs = fs.existsSync(marker) ? Number(fs.readFileSync(marker, 'utf8')) + 1 : 1;
fs.writeFileSync(marker, String(runs));
process.stderr.write('booting with SharedAccessKey=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\\n');
if (mode === 'die-early') process.exit(3);
if (mode === 'garbage') { process.stdout.write('hello there\\n'); setInterval(() => {}, 1000); return; }
if (mode === 'silent') { setInterval(() => {}, 1000); return; }
const line = { idScope: '0ne' + runs, provisioningHost: '127.0.0.1:1', dpsConnectionString: 'HostName=127.0.0.1:1;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=a2V5',
  hubs: [{ hostName: '127.0.0.1:2', connectionString: 'HostName=127.0.0.1:2;SharedAccessKeyName=iothubowner;SharedAccessKey=a2V5' }], caCertificatePath: dataDir + '/ca.pem' };
process.stdout.write(JSON.stringify(line) + '\\n');
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
})();
`;

const dirs: string[] = [];
const supervisors: SandboxSupervisor[] = [];
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.dispose()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface StatusLog {
  statuses: SandboxStatus[];
  waiters: Set<(s: SandboxStatus) => void>;
}

function setup(mode: string, extra: { readyTimeoutMs?: number } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'pb-supervisor-'));
  dirs.push(root);
  const dataDir = join(root, 'sandbox');
  const log: StatusLog = { statuses: [], waiters: new Set() };
  const statuses = log.statuses;
  const command: SandboxCommandFactory = (dir) => ({ command: process.execPath, args: ['-e', STAND_IN, mode, dir] });
  const supervisor = new SandboxSupervisor({ dataDir, command, backoffMs: [50], onStatus: (s) => {
    statuses.push(s);
    for (const waiter of [...log.waiters]) waiter(s);
  }, ...extra });
  supervisors.push(supervisor);
  return { supervisor, dataDir, statuses, log };
}

/** Never hands process.kill a missing pid: -1 or 0 would signal whole process groups. */
function livePid(supervisor: SandboxSupervisor): number {
  const pid = supervisor.pid();
  if (pid === null || pid <= 0) throw new Error(`the sandbox is not running (${supervisor.status().state}: ${supervisor.status().lastError})`);
  return pid;
}

/** Resolves with the first status (seen so far or to come) that matches; driven by onStatus, no polling. */
function waitForStatus(log: StatusLog, predicate: (s: SandboxStatus) => boolean): Promise<SandboxStatus> {
  const seen = log.statuses.find(predicate);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const waiter = (s: SandboxStatus) => {
      if (!predicate(s)) return;
      log.waiters.delete(waiter);
      resolve(s);
    };
    log.waiters.add(waiter);
  });
}

describe('SandboxSupervisor', () => {
  it('starts the child, hands out full endpoints, and tells the renderer only hosts and paths', async () => {
    const { supervisor, statuses } = setup('ok');
    const info = await supervisor.endpoints();
    expect(info?.hubs[0]?.connectionString).toContain('SharedAccessKey=');
    const status = supervisor.status();
    expect(status).toMatchObject({ state: 'running', endpoints: { idScope: '0ne1', provisioningHost: '127.0.0.1:1', hubHostNames: ['127.0.0.1:2'] } });
    expect(status.pid).toBeGreaterThan(0);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'running']);
    expect(JSON.stringify(statuses)).not.toContain('SharedAccessKey');
  });

  it('restarts the sandbox after it is killed, and counts the restart', async () => {
    const { supervisor, log } = setup('ok');
    await supervisor.start();
    const firstPid = livePid(supervisor);
    process.kill(firstPid, 'SIGKILL');
    const crashed = await waitForStatus(log, (s) => s.state === 'crashed');
    expect(crashed.lastError).toContain('SIGKILL');
    const again = await waitForStatus(log, (s) => s.state === 'running' && s.pid !== firstPid);
    expect(again.restarts).toBe(1);
    expect(again.endpoints?.idScope).toBe('0ne2');
  });

  it('reports a child that dies before it is ready, with its stderr tail redacted', async () => {
    const { supervisor } = setup('die-early');
    expect(await supervisor.endpoints()).toBeNull();
    const { state, lastError } = supervisor.status();
    expect(state).toBe('crashed');
    expect(lastError).toContain('exit code 3');
    expect(lastError).toContain('booting with SharedAccessKey=***');
    expect(lastError).not.toContain('c2VjcmV0');
  });

  it('rejects a first line that is not the ready JSON without quoting it', async () => {
    const { supervisor } = setup('garbage');
    expect(await supervisor.endpoints()).toBeNull();
    expect(supervisor.status().lastError).toMatch(/not JSON \(11 characters\)/);
  });

  it('gives up on a child that never reports ready', async () => {
    const { supervisor } = setup('silent', { readyTimeoutMs: 300 });
    expect(await supervisor.endpoints()).toBeNull();
    expect(supervisor.status().lastError).toContain('did not report ready within 300 ms');
  });

  it('reset stops the child, deletes its data and starts it fresh', async () => {
    const { supervisor, dataDir } = setup('ok');
    await supervisor.start();
    writeFileSync(join(dataDir, 'sandbox.db'), 'old data');
    const before = supervisor.pid();
    const status = await supervisor.reset();
    expect(status.state).toBe('running');
    expect(status.pid).not.toBe(before);
    expect(existsSync(join(dataDir, 'sandbox.db'))).toBe(false);
    // The marker counts runs in the data dir: 1 again means the directory was wiped.
    expect(status.endpoints?.idScope).toBe('0ne1');
  });

  it('stops the child on dispose and does not restart it', async () => {
    const { supervisor, statuses } = setup('ok');
    await supervisor.start();
    const pid = livePid(supervisor);
    await supervisor.dispose();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(supervisor.status().state).toBe('stopped');
    expect(statuses.some((s) => s.state === 'crashed')).toBe(false);
    expect(await supervisor.endpoints()).toBeNull();
  });

  it('keeps the data dir across restarts', async () => {
    const { supervisor, dataDir } = setup('ok');
    mkdirSync(dataDir, { recursive: true });
    await supervisor.start();
    const status = await supervisor.restart();
    expect(status.endpoints?.idScope).toBe('0ne2');
  });

  it('stops a sandbox that a killed console left running on the same data dir', async () => {
    const { supervisor, dataDir } = setup('ok');
    mkdirSync(dataDir, { recursive: true });
    const orphan = spawn(process.execPath, ['-e', STAND_IN, 'ok', dataDir, 'sandbox'], { stdio: 'ignore' });
    // The stand-in exits 0 on SIGTERM (as the CLI does), or dies of it if SIGTERM came before its handler.
    const orphanExit = new Promise((resolve) => orphan.once('exit', (code, signal) => resolve(signal ?? code)));
    const deadConsole = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dataDir, 'supervised.pid'), JSON.stringify({ child: orphan.pid, supervisor: deadConsole }));
    await supervisor.start();
    expect([0, 'SIGTERM']).toContain(await orphanExit);
    expect(supervisor.status().state).toBe('running');
  });

  it('leaves alone a sandbox whose console still runs', async () => {
    const { supervisor, dataDir } = setup('ok');
    mkdirSync(dataDir, { recursive: true });
    const other = spawn(process.execPath, ['-e', STAND_IN, 'ok', dataDir, 'sandbox'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dataDir, 'supervised.pid'), JSON.stringify({ child: other.pid, supervisor: process.ppid }));
      await supervisor.start();
      expect(() => process.kill(other.pid ?? Number.NaN, 0)).not.toThrow();
    } finally {
      other.kill('SIGKILL');
    }
  });
});
