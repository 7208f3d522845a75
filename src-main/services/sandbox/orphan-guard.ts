import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A console that is killed outright (SIGKILL, a crash) cannot stop its sandbox child, which then
 * keeps the data dir's database and ports. The supervisor notes its own pid and its child's in the
 * data dir and, before starting another, stops a sandbox whose supervisor is gone. A sandbox whose
 * supervisor still runs (another console on the same dir) is left alone.
 */
const PID_FILE = 'supervised.pid';

/** Whether `pid` is a sandbox process serving `dataDir`, judged by its command line where readable. */
function isSandboxFor(pid: number, dataDir: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.includes('sandbox') && args.includes(dataDir);
  } catch {
    // No /proc (macOS, Windows) or the process is gone: never signal a pid we cannot identify.
    return false;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function recordChild(dataDir: string, pid: number): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, PID_FILE), `${JSON.stringify({ child: pid, supervisor: process.pid })}\n`, { mode: 0o600 });
}

export async function clearChild(dataDir: string): Promise<void> {
  await rm(join(dataDir, PID_FILE), { force: true });
}

/** Stops a sandbox an earlier console left running on `dataDir`; resolves with its pid, or null. */
export async function stopOrphan(dataDir: string, graceMs = 5_000): Promise<number | null> {
  const text = await readFile(join(dataDir, PID_FILE), 'utf8').catch(() => '');
  let recorded: { child?: unknown; supervisor?: unknown } = {};
  try {
    recorded = JSON.parse(text) as typeof recorded;
  } catch {
    // missing or torn: nothing to act on
  }
  const pid = Number(recorded.child);
  const supervisor = Number(recorded.supervisor);
  if (Number.isInteger(supervisor) && supervisor > 0 && supervisor !== process.pid && alive(supervisor)) return null;
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid) || !isSandboxFor(pid, dataDir)) {
    await clearChild(dataDir);
    return null;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  // The orphan is not our child, so there is no exit event to await: poll its liveness briefly.
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  await clearChild(dataDir);
  return pid;
}
