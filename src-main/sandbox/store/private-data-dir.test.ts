import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../sandbox.ts';

const bin = new URL('../../../bin/provisioning-bench.mjs', import.meta.url).pathname;
const posix = process.platform !== 'win32';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-modes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** `provisioning-bench sandbox --data-dir X` as an operator runs it; `whileUp` runs once it printed its endpoints, then SIGTERM. */
async function runSandboxCli(dataDir: string, whileUp: () => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [bin, 'sandbox', '--data-dir', dataDir, '--hubs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await whileUp();
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

describe.runIf(posix)('sandbox data dir modes (it holds every key)', () => {
  it('the CLI creates the data dir 0700 and every key file, the database and its -wal/-shm 0600', async () => {
    const dataDir = join(dir, 'fresh', 'sandbox');
    await runSandboxCli(dataDir, async () => {
      expect(await modeOf(dataDir)).toBe(0o700);
      const names = await readdir(dataDir);
      expect(names).toEqual(expect.arrayContaining(['sandbox.json', 'ca-key.pem', 'sandbox.db', 'sandbox.db-wal', 'sandbox.db-shm']));
      for (const name of names.filter((n) => n !== 'ca.pem')) expect([name, await modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
      // the CA certificate is public (devices copy it), its key is not
      expect(await modeOf(join(dataDir, 'ca.pem'))).toBe(0o644);
    });
  }, 60_000);

  it('tightens a data dir and database an older version left 0755/0644', async () => {
    const dataDir = join(dir, 'old');
    const first = await createSandbox({ dataDir, hubs: 1, notice: () => undefined });
    await first.close();
    await chmod(dataDir, 0o755);
    for (const name of await readdir(dataDir)) if (name.startsWith('sandbox.db')) await chmod(join(dataDir, name), 0o644);
    const again = await createSandbox({ dataDir, hubs: 1, notice: () => undefined });
    try {
      expect(await modeOf(dataDir)).toBe(0o700);
      for (const name of (await readdir(dataDir)).filter((n) => n.startsWith('sandbox.'))) expect([name, await modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('leaves the mode of a folder holding other things alone, but still keeps its key files 0600', async () => {
    const shared = join(dir, 'shared');
    await mkdir(shared, { mode: 0o755 });
    await chmod(shared, 0o755);
    await writeFile(join(shared, 'notes.txt'), 'mine');
    const sandbox = await createSandbox({ dataDir: shared, hubs: 1, notice: () => undefined });
    try {
      expect(await modeOf(shared)).toBe(0o755);
      for (const name of ['sandbox.json', 'ca-key.pem', 'sandbox.db']) expect([name, await modeOf(join(shared, name))]).toEqual([name, 0o600]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
