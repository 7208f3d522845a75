import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The host end (the console opens it with serialport). */
  host: string;
  /** The device end (the agent opens it). */
  device: string;
  process: ChildProcess;
  close(): Promise<void>;
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A real pseudo-terminal pair from socat, both ends raw with echo off (serial.md "Testing without hardware"). */
export async function openPtyPair(dir?: string): Promise<PtyPair> {
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'pb-pty-'));
  const host = join(folder, 'host');
  const device = join(folder, 'device');
  const child = spawn('socat', [`pty,raw,echo=0,ignoreeof,link=${host}`, `pty,raw,echo=0,link=${device}`], { stdio: 'ignore' });
  await waitFor(() => existsSync(host) && existsSync(device), 5000, 'socat pty links');
  return {
    host,
    device,
    process: child,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!dir) rmSync(folder, { recursive: true, force: true });
    },
  };
}
