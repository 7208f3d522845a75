import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallRecord } from '../services/functions/function-protocol.ts';
import { FunctionRunner } from '../services/functions/function-runner.ts';
import { utilityFunctionsLauncher } from './utility-functions.ts';
import { utilityForkStandIn } from './utility-test-support.ts';

// Electron's utilityProcess.fork stood in by a Node fork of the same CLI command, with
// process.parentPort inside (parent-port-stand-in.mjs): the Electron binary is absent here.
const CLI = fileURLToPath(new URL('../../bin/provisioning-bench.mjs', import.meta.url));
const exits: Array<number | null> = [];
const forks: Array<{ modulePath: string; args: string[]; serviceName: string }> = [];
const standIn = utilityForkStandIn({ parentPort: true, onFork: (modulePath, args, serviceName) => forks.push({ modulePath, args, serviceName }), onExit: (code) => exits.push(code) });

const MODULE = `export async function allocate(request) {
  if (request.mode === 'exit') process.exit(3);
  return { status: 200, body: { iotHubHostName: 'utility-hub.example' } };
}`;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fn-utility-'));
  writeFileSync(join(dir, 'mine.mjs'), MODULE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
    (response) => response.status,
    () => 0,
  );

it('runs the host from the bundled CLI over the utility process’s port: serves, survives a crash, and stops cleanly', async () => {
  const runner = new FunctionRunner({ digitalTwinsUrl: 'https://127.0.0.1:9', accessToken: 'unused', customAllocationModule: join(dir, 'mine.mjs') }, utilityFunctionsLauncher(standIn, CLI));
  const calls: CallRecord[] = [];
  runner.onRecord((record) => record.type === 'call' && calls.push(record));
  try {
    const ready = await runner.start();
    expect(forks[0]).toEqual({ modulePath: CLI, args: ['functions-host'], serviceName: 'Provisioning Bench functions' });
    expect(await post(ready.customAllocationUrl as string, { linkedHubs: [] })).toBe(200);
    await expect.poll(() => calls.map((call) => [call.module, call.status])).toEqual([['custom', 200]]);

    // A function that ends its process: the runner forks a new utility process on the same port.
    expect(await post(ready.customAllocationUrl as string, { mode: 'exit' })).toBe(0);
    await expect.poll(() => runner.restartCount, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => forks.length, { timeout: 10_000 }).toBe(2);
    const again = await runner.start();
    expect(again.allocationUrl).toBe(ready.allocationUrl);
    await expect.poll(() => post(ready.customAllocationUrl as string, { linkedHubs: [] }), { timeout: 10_000 }).toBe(200);
  } finally {
    await runner.stop();
  }
  // The crash, then a clean stop: 'end' over the port, and the host exits 0 by itself (a kill would leave null).
  expect(exits).toEqual([3, 0]);
}, 90_000);
