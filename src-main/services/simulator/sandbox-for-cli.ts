import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FILE, type SandboxConfig } from '../../sandbox/config.ts';
import type { SandboxEndpoints } from '../profiles/sandbox-endpoints.ts';
import { nodeSandboxCommand } from '../sandbox/sandbox-command.ts';
import { startSandboxProcess } from '../sandbox/sandbox-process.ts';

/** The sandbox a headless fleet runs against, and how to let go of it. */
export interface CliSandbox {
  endpoints: SandboxEndpoints;
  /** True when this command started it in a temporary data dir (so nothing it stores outlives the run). */
  temporary: boolean;
  close(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The console's sandbox if one is running on `sandboxDir` (its supervisor's pid file names a live
 * child, started on the default loopback address): its endpoints come from its own sandbox.json.
 */
export function runningSandbox(sandboxDir: string): SandboxEndpoints | null {
  try {
    const pids = JSON.parse(readFileSync(join(sandboxDir, 'supervised.pid'), 'utf8')) as { child?: number };
    if (!pids.child || !alive(pids.child)) return null;
    const config = JSON.parse(readFileSync(join(sandboxDir, CONFIG_FILE), 'utf8')) as SandboxConfig;
    const caCertificatePath = join(sandboxDir, 'ca.pem');
    if (!existsSync(caCertificatePath) || !config.dps.port) return null;
    const dpsHost = `127.0.0.1:${config.dps.port}`;
    return {
      idScope: config.idScope,
      provisioningHost: dpsHost,
      dpsConnectionString: `HostName=${dpsHost};SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${config.dps.primaryKey}`,
      hubs: config.hubs.map((hub) => ({ hostName: `127.0.0.1:${hub.port}`, connectionString: `HostName=127.0.0.1:${hub.port};SharedAccessKeyName=iothubowner;SharedAccessKey=${hub.ownerKey}` })),
      caCertificatePath,
    };
  } catch {
    return null;
  }
}

/** The running console sandbox, else a fresh one in a temporary data dir, removed on close. */
export async function sandboxForCli(sandboxDir: string): Promise<CliSandbox> {
  const running = runningSandbox(sandboxDir);
  if (running) return { endpoints: running, temporary: false, close: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-simulate-sandbox-'));
  const child = await startSandboxProcess(nodeSandboxCommand(dataDir), 60_000);
  return {
    endpoints: child.info,
    temporary: true,
    async close() {
      await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
