import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxClients, type SandboxClients } from '../../bench/support/sandbox-clients.ts';
import { nodeSandboxCommand } from '../../services/sandbox/sandbox-command.ts';
import { startSandboxProcess, type RunningSandbox } from '../../services/sandbox/sandbox-process.ts';

export interface SandboxChild {
  dataDir: string;
  process: RunningSandbox;
  clients: SandboxClients;
}

/** A fresh data dir for one test file; removed by `removeDataDir`. */
export function makeDataDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `pb-${prefix}-`));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts `provisioning-bench sandbox` as a child process, exactly as the console does. */
export async function startSandboxChild(dataDir: string): Promise<SandboxChild> {
  const process = await startSandboxProcess(nodeSandboxCommand(dataDir), 60_000);
  return { dataDir, process, clients: sandboxClients(process.info) };
}
