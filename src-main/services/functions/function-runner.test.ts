import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from './function-protocol.ts';
import { FunctionRunner } from './function-runner.ts';

// An operator's allocation module that misbehaves on request: hangs, throws, or kills its process.
const MODULE = `export async function allocate(request) {
  if (request.mode === 'hang') return new Promise(() => {});
  if (request.mode === 'throw') throw new Error('boom: no hub for you');
  if (request.mode === 'exit') process.exit(3);
  return { status: 200, body: { iotHubHostName: request.linkedHubs[0] } };
}`;

let dir: string;
let runner: FunctionRunner;
const calls: CallRecord[] = [];

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
    async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }),
    (error: Error) => ({ status: 0, body: { message: error.message } }),
  );

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fn-host-'));
  writeFileSync(join(dir, 'custom.mjs'), MODULE);
  // No ADT is reached by these calls; the host only builds its client.
  runner = new FunctionRunner({ digitalTwinsUrl: 'https://127.0.0.1:9', accessToken: 'unused', customAllocationModule: join(dir, 'custom.mjs'), callTimeoutMs: 500 });
  runner.onRecord((record) => record.type === 'call' && calls.push(record));
});
afterAll(async () => {
  await runner.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the function host child', () => {
  it('answers 504 for a hanging function and 500 for a throwing one, and keeps serving', async () => {
    const { customAllocationUrl } = await runner.start();
    const url = customAllocationUrl as string;
    expect(await post(url, { mode: 'hang' })).toMatchObject({ status: 504, body: { message: expect.stringContaining('did not answer within 500 ms') } });
    expect(await post(url, { mode: 'throw' })).toMatchObject({ status: 500, body: { message: 'boom: no hub for you' } });
    expect(await post(url, { linkedHubs: ['hub-a'] })).toEqual({ status: 200, body: { iotHubHostName: 'hub-a' } });
    // Each record is printed after its answer is sent: wait for the last one.
    await expect.poll(() => calls.length).toBe(3);
    expect(calls.map((call) => [call.module, call.status, call.ok])).toEqual([
      ['custom', 504, false],
      ['custom', 500, false],
      ['custom', 200, true],
    ]);
  });

  it('is restarted on the same port when a function kills its process', async () => {
    const before = await runner.start();
    expect((await post(before.customAllocationUrl as string, { mode: 'exit' })).status).toBe(0);
    await expect.poll(() => runner.restartCount, { timeout: 10_000 }).toBe(1);
    // start() during the backoff waits for the new child, so its URL answers at once.
    const after = await runner.start();
    expect(after.allocationUrl).toBe(before.allocationUrl);
    expect((await post(after.customAllocationUrl as string, { linkedHubs: ['hub-b'] })).status).toBe(200);
  });
});
