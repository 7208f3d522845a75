import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunctionsStatus, LabResult } from '../../../src-shared/contract/channels/digital-twins.ts';
import { useRouterTestBed, web } from './router-test-bed.ts';

const bed = useRouterTestBed('twins-module-');

/** Writes an operator's module into the test's data dir; returns its absolute path. */
function moduleFile(name: string, source: string): string {
  const dir = join(bed.dir, 'my-functions');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), source);
  return join(dir, name);
}

const FIXED_HUB = `export async function allocate(request) {
  return { status: 200, body: { iotHubHostName: 'fixed-hub.example', initialTwin: { tags: { from: request.deviceRuntimeContext.registrationId } } } };
}`;
const THROWS = `export async function allocate() { throw new Error('no hub for model X'); }`;
const NO_ALLOCATE = `export const allocation = 1;`;
const BROKEN = `export async function allocate( {`;

async function invoke<T>(channel: string, payload: unknown): Promise<T> {
  const reply = await bed.router.handle(channel, payload, web);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

async function failure(channel: string, payload: unknown) {
  const reply = await bed.router.handle(channel, payload, web);
  expect(reply.ok, channel).toBe(false);
  return (reply as { ok: false; error: { code: string; message: string; details?: Array<{ path: string; message: string }> } }).error;
}

describe('the operator’s allocation module', () => {
  it('refuses a bad path naming the field and saying what is wrong, before running anything', async () => {
    expect(await failure('twins:setAllocationModule', { path: '/tmp/allocate.py' })).toMatchObject({ code: 'validation', details: [{ path: 'path', message: 'Use a .js, .mjs or .cjs file' }] });
    expect(await failure('twins:setAllocationModule', { path: 'my/allocate.mjs' })).toMatchObject({ code: 'validation', message: expect.stringContaining('absolute path'), details: [{ path: 'path' }] });
    const missing = join(bed.dir, 'nowhere.mjs');
    expect(await failure('twins:setAllocationModule', { path: missing })).toMatchObject({ code: 'validation', message: `No file at ${missing}`, details: [{ path: 'path' }] });
    mkdirSync(join(bed.dir, 'folder.js'));
    expect(await failure('twins:setAllocationModule', { path: join(bed.dir, 'folder.js') })).toMatchObject({ code: 'validation', message: expect.stringContaining('is not a file') });
    // Clearing when none is set is fine too.
    expect(await invoke<FunctionsStatus>('twins:setAllocationModule', { path: null })).toMatchObject({ allocationModule: null, customAllocationUrl: null });
  });

  it('runs through the lab against the sandbox: answers its hub, reports a throw without losing the host, refuses a module without allocate', async () => {
    await bed.services.sandbox.ensureStarted();
    await bed.services.profiles.useActive('test group', (clients) =>
      clients.provisioningService().createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'lab-group', attestation: { type: 'symmetricKey' }, allocationPolicy: 'hashed' } as never),
    );
    const lab = (registrationId: string) => ({ target: { kind: 'module' }, enrollment: { kind: 'group', id: 'lab-group' }, registrationId, payload: '{"modelId":"dtmi:x:y;1"}' });

    // No module yet: the lab says so, naming the target.
    expect(await failure('twins:labRun', lab('dev-0'))).toMatchObject({ code: 'validation', details: [{ path: 'target' }] });

    const seedOnly = await invoke<FunctionsStatus>('twins:functionsStart', {});
    const good = moduleFile('fixed-hub.mjs', FIXED_HUB);
    const set = await invoke<FunctionsStatus>('twins:setAllocationModule', { path: good });
    // The host restarted with the module on the same port: enrollment groups on the seed's webhook keep working.
    expect(set).toMatchObject({ state: 'running', allocationUrl: seedOnly.allocationUrl, allocationModule: good, allocationModuleError: null, customAllocationUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/allocate\/custom$/) });
    const answer = await invoke<LabResult>('twins:labRun', lab('dev-1'));
    expect(answer).toMatchObject({ status: 200, hub: 'fixed-hub.example', initialTwin: { tags: { from: 'dev-1' } }, reason: null });
    await expect.poll(() => invoke<Array<{ module?: string; deviceId?: string; ms: number }>>('twins:functionCalls', { limit: 10 })).toEqual([expect.objectContaining({ fn: 'allocation', module: 'custom', deviceId: 'dev-1', ok: true, ms: expect.any(Number) })]);
    expect(bed.services.store.forProfile('sandbox').db.prepare('SELECT path FROM twins_allocation_module').all()).toEqual([{ path: good }]);

    // A module that throws: its reason comes back, the host keeps running (no restart).
    await invoke('twins:setAllocationModule', { path: moduleFile('throws.mjs', THROWS) });
    expect(await invoke<LabResult>('twins:labRun', lab('dev-2'))).toMatchObject({ status: 500, hub: null, reason: 'no hub for model X' });
    const afterThrow = await invoke<FunctionsStatus>('twins:functionsStatus', {});
    expect(afterThrow).toMatchObject({ state: 'running', restarts: 0 });
    expect(await invoke<LabResult>('twins:labRun', { ...lab('dev-3'), target: { kind: 'seed' } })).toMatchObject({ status: expect.any(Number) });

    // Modules the host cannot use: the error says which and why; the kept one (throws.mjs) stays.
    const noAllocate = moduleFile('no-allocate.mjs', NO_ALLOCATE);
    expect(await failure('twins:setAllocationModule', { path: noAllocate })).toMatchObject({ code: 'validation', message: `The module cannot be used: ${noAllocate} does not export a function named allocate`, details: [{ path: 'path' }] });
    const broken = moduleFile('broken.mjs', BROKEN);
    expect(await failure('twins:setAllocationModule', { path: broken })).toMatchObject({ code: 'validation', message: expect.stringMatching(new RegExp(`^The module ${broken} cannot be used: .*(Unexpected|SyntaxError)`)) });
    expect(await invoke<FunctionsStatus>('twins:functionsStatus', {})).toMatchObject({ state: 'running', allocationModule: join(bed.dir, 'my-functions', 'throws.mjs'), allocationModuleError: null });

    // Cleared: the lab's module target has nothing to run again.
    expect(await invoke<FunctionsStatus>('twins:setAllocationModule', { path: null })).toMatchObject({ state: 'running', allocationModule: null, customAllocationUrl: null });
    expect(await failure('twins:labRun', lab('dev-4'))).toMatchObject({ code: 'validation', details: [{ path: 'target' }] });
  }, 180_000);
});
