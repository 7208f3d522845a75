import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/result.ts';
import { deriveKey, seal, sealCheck } from './passphrase-key.ts';
import { VaultService } from './vault-service.ts';

const SECRET = 'HostName=b.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vault-hard-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vaultPath = () => join(dir, 'vault.json');
const readVault = async () => JSON.parse(await readFile(vaultPath(), 'utf8')) as { kdf: { N: number; r: number; p: number } };

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A passphrase vault as a given version of the app (or an attacker) would have written it. */
async function writeVault(kdf: unknown, passphrase = 'correct horse battery'): Promise<void> {
  const real = { salt: 'c2FsdHNhbHRzYWx0c2FsdA==', N: 2 ** 15, r: 8, p: 1 };
  const key = await deriveKey(passphrase, real);
  const file = {
    version: 1,
    mode: 'passphrase',
    backend: 'scrypt+aes-256-gcm',
    kdf: kdf === 'real' ? real : kdf,
    check: sealCheck(key).toString('base64'),
    entries: { 'p1:dps': seal(key, SECRET, 'p1:dps').toString('base64') },
  };
  await writeFile(vaultPath(), JSON.stringify(file));
}

describe('vault key derivation', { timeout: 120_000 }, () => {
  it('derives new vaults with scrypt N of at least 2^17', async () => {
    const vault = new VaultService({ dataDir: dir, shell: 'web' });
    await vault.setPassphrase('correct horse battery');
    expect((await readVault()).kdf.N).toBeGreaterThanOrEqual(2 ** 17);
  });

  it('opens a vault written with the old N 2^15 and re-seals it with today\'s parameters', async () => {
    await writeVault('real');
    const vault = new VaultService({ dataDir: dir, shell: 'web' });
    await vault.unlock('correct horse battery');
    expect((await readVault()).kdf.N).toBeGreaterThanOrEqual(2 ** 17);
    const reopened = new VaultService({ dataDir: dir, shell: 'web' });
    await reopened.unlock('correct horse battery');
    expect(await reopened.get('p1:dps')).toBe(SECRET);
  });

  const crafted: Array<[string, unknown, RegExp]> = [
    ['a missing kdf', undefined, /has no kdf parameters/],
    ['a kdf that is not an object', 'scrypt', /has no kdf parameters/],
    ['N that is not a power of two', { salt: 'c2FsdHNhbHRzYWx0c2FsdA==', N: 100_000, r: 8, p: 1 }, /N \(100000\) must be a power of two/],
    ['N of 2^22 (4 GiB)', { salt: 'c2FsdHNhbHRzYWx0c2FsdA==', N: 2 ** 22, r: 8, p: 1 }, /more memory or work/],
    ['r of 10^6', { salt: 'c2FsdHNhbHRzYWx0c2FsdA==', N: 2 ** 15, r: 1_000_000, p: 1 }, /more memory or work/],
    ['p of 1000', { salt: 'c2FsdHNhbHRzYWx0c2FsdA==', N: 2 ** 15, r: 8, p: 1000 }, /more memory or work/],
    ['N as a string', { salt: 'c2FsdHNhbHRzYWx0c2FsdA==', N: '131072', r: 8, p: 1 }, /positive whole numbers/],
    ['no salt', { N: 2 ** 17, r: 8, p: 1 }, /salt is missing/],
  ];
  for (const [what, kdf, reason] of crafted) {
    it(`refuses ${what} read from disk with a clear error, before any scrypt runs`, async () => {
      await writeVault(kdf);
      const vault = new VaultService({ dataDir: dir, shell: 'web' });
      const error = await errorOf(vault.unlock('correct horse battery'));
      expect(error.code).toBe('secret_storage_unavailable');
      expect(error.message).toMatch(/vault\.json cannot be unlocked/);
      expect(error.message).toMatch(reason);
    });
  }
});

describe('vault passphrase changes and wrong guesses', { timeout: 120_000 }, () => {
  it('changes the passphrase only with the current one', async () => {
    const vault = new VaultService({ dataDir: dir, shell: 'web', waitAfterWrongPassphrase: async () => undefined });
    await vault.setPassphrase('first passphrase');
    await vault.put('p1:dps', SECRET);
    const missing = await errorOf(vault.setPassphrase('taken over'));
    expect(missing.code).toBe('validation');
    expect(missing.details?.[0]?.path).toBe('currentPassphrase');
    const wrong = await errorOf(vault.setPassphrase('taken over', 'not the passphrase'));
    expect(wrong.code).toBe('unauthorized');
    expect(wrong.details?.[0]?.path).toBe('currentPassphrase');
    await vault.setPassphrase('second passphrase', 'first passphrase');
    const reopened = new VaultService({ dataDir: dir, shell: 'web' });
    await reopened.unlock('second passphrase');
    expect(await reopened.get('p1:dps')).toBe(SECRET);
  });

  it('waits longer after each wrong passphrase, and a right one resets the wait', async () => {
    await writeVault('real');
    const waits: number[] = [];
    const vault = new VaultService({ dataDir: dir, shell: 'web', waitAfterWrongPassphrase: async (ms) => waits.push(ms) });
    for (let i = 0; i < 3; i += 1) expect((await errorOf(vault.unlock(`guess ${i}`))).code).toBe('unauthorized');
    expect(waits).toEqual([500, 1000, 2000]);
    await vault.unlock('correct horse battery');
    expect((await errorOf(vault.setPassphrase('new passphrase', 'guess again'))).code).toBe('unauthorized');
    expect(waits).toEqual([500, 1000, 2000, 500]);
  });

  it('checks guesses sent at once one after another, each wrong one adding its wait', async () => {
    await writeVault('real');
    const waits: number[] = [];
    const vault = new VaultService({ dataDir: dir, shell: 'web', waitAfterWrongPassphrase: async (ms) => waits.push(ms) });
    const results = await Promise.allSettled([vault.unlock('a guess'), vault.unlock('b guess'), vault.unlock('c guess')]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(waits).toEqual([500, 1000, 2000]);
  });
});
