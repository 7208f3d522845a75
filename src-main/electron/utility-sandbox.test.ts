import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExitInfo } from '../services/sandbox/sandbox-command.ts';
import { startSandboxProcess } from '../services/sandbox/sandbox-process.ts';
import { utilitySandboxChild, utilitySandboxCommand, type ForkUtility, type UtilityChild } from './utility-sandbox.ts';

const CLI = fileURLToPath(new URL('../../bin/provisioning-bench.mjs', import.meta.url));

/**
 * The Electron binary cannot run here, so utilityProcess.fork is the one thing stood in for: a real
 * Node child started the way a utility process starts its entry (argv = [exec, modulePath, ...args],
 * stdout/stderr piped, kill() = SIGTERM, 'spawn' then 'exit' with a code, pid gone after exit).
 */
class NodeAsUtilityProcess extends EventEmitter {
  pid: number | undefined;
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  readonly env: NodeJS.ProcessEnv;
  private readonly child;

  constructor(modulePath: string, args: string[], env: NodeJS.ProcessEnv) {
    super();
    this.env = env;
    this.child = spawn(process.execPath, [modulePath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;
    this.child.once('spawn', () => {
      this.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.once('exit', (code, signal) => {
      this.pid = undefined;
      this.stdout = null;
      this.stderr = null;
      this.emit('exit', code ?? (signal === 'SIGKILL' ? 137 : 143));
    });
  }

  kill(): boolean {
    return this.child.kill('SIGTERM');
  }
}

const forked: NodeAsUtilityProcess[] = [];
const fork: ForkUtility = (modulePath, args, options) => {
  const child = new NodeAsUtilityProcess(modulePath, args, options.env);
  forked.push(child);
  return child as unknown as UtilityChild;
};

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pb-utility-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const child of forked.splice(0)) if (child.pid) process.kill(child.pid, 'SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the sandbox as an Electron utility process', () => {
  it('runs the bundled CLI as the utility entry, with no ELECTRON_RUN_AS_NODE (the fuse is off)', () => {
    const cmd = utilitySandboxCommand(fork, '/app/dist/electron/cli.mjs')('/data/sandbox');
    expect(cmd).toMatchObject({ command: '/app/dist/electron/cli.mjs', args: ['sandbox', '--data-dir', '/data/sandbox'] });
    expect(cmd.launch).toBeTypeOf('function');
    expect(cmd.env?.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });

  it('starts the real sandbox, reports it ready, and stops it with the utility process’s own kill', async () => {
    const dataDir = join(tempDir(), 'sandbox');
    const running = await startSandboxProcess(utilitySandboxCommand(fork, CLI)(dataDir), 60_000);
    expect(running.pid).toBe(forked[0]?.pid);
    expect(running.info.hubs.length).toBeGreaterThan(0);
    expect(forked[0]?.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    const exit = await running.stop(30_000);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('ends a child that ignores SIGTERM with a SIGKILL to its pid (utilityProcess.kill only asks)', async () => {
    const script = join(tempDir(), 'stubborn.mjs');
    writeFileSync(script, "process.on('SIGTERM', () => {}); process.stdout.write('up\\n'); setInterval(() => {}, 1000);\n");
    const child = utilitySandboxChild(fork, { command: script, args: [] });
    const exited = new Promise<ExitInfo>((resolve) => child.onExit(resolve));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    expect(child.pid).toBeGreaterThan(0);
    child.kill('SIGTERM');
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: 137, signal: null });
    expect(child.pid).toBeGreaterThan(0);
  });
});
