import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';

const bin = new URL('../../bin/provisioning-bench.mjs', import.meta.url).pathname;
const run = promisify(execFile);
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function simulate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'simulate', ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

it('runs a headless fleet on a temporary sandbox and prints one JSON summary line', async () => {
  dir = await mkdtemp(join(tmpdir(), 'pb-simulate-'));
  const before = new Set(await readdir(tmpdir()));
  const { code, stdout, stderr } = await simulate(['--profile', 'sandbox', '--count', '3', '--duration', '6', '--interval', '1', '--data-dir', join(dir, 'data')]);
  expect(code, stderr).toBe(0);
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const summary = JSON.parse(lines[0]!) as Record<string, number | null>;
  expect(summary).toMatchObject({ profile: 'sandbox', devices: 3, provisioned: 3, connected: 3, errors: 0 });
  expect(summary.messages_sent).toBeGreaterThanOrEqual(3);
  expect(summary.ready_s).toBeGreaterThan(0);
  expect(`${stdout}${stderr}`).not.toMatch(/SharedAccessKey=|sig=/);
  // The temporary sandbox and store are gone with the run.
  const left = (await readdir(tmpdir())).filter((name) => !before.has(name) && name.startsWith('pb-simulate-'));
  expect(left).toEqual([]);
}, 120_000);

it('names a missing or wrong flag and exits 2', async () => {
  const missing = await simulate(['--profile', 'sandbox']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('--count is required');
  const wrong = await simulate(['--profile', 'sandbox', '--count', '20000']);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain('--count must be a whole number from 1 to 10000');
});
