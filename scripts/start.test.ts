import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { probeElectron } from './electron-probe.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const electron = probeElectron();
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Where Electron runs, `npm start` opens a window instead; that path is the e2e Electron project's.
it.skipIf(electron.usable)('npm start says in one line why Electron is out and serves the web console instead', async () => {
  dir = await mkdtemp(join(tmpdir(), 'pb-start-'));
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs'), '--no-build', '--data-dir', dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`start exited ${code}: ${stderr}`)));
  });
  expect(line).toMatch(/^Electron is not available on this machine \(.+\); serving the console at http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43} instead\.$/);
  if (!electron.usable) expect(line).toContain(electron.reason);

  const url = /(http:\/\/\S+) instead\.$/.exec(line)![1]!;
  expect((await fetch(url, { redirect: 'manual' })).status).toBe(303);

  child.removeAllListeners('exit');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
});
