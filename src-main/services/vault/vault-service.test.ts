import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/result.ts';
import type { SecretCipher } from '../ports.ts';
import { VaultService } from './vault-service.ts';

const SECRET_A = 'HostName=a.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=';
const SECRET_B = 'HostName=b.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=';

/** Stands in for Electron's safeStorage (the Electron binary is not available here): real AES-GCM, fixed key. */
function osCipher(backend: string, calls: string[] = []): SecretCipher {
  const key = randomBytes(32);
  return {
    kind: 'os',
    backend,
    isAvailable: async () => true,
    async encrypt(plain) {
      calls.push('encrypt');
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(buf) {
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function vaultFileText(): Promise<string> {
  return readFile(join(dir, 'vault.json'), 'utf8').catch(() => '');
}

async function tamper(id: string, edit: (bytes: Buffer) => void): Promise<void> {
  const file = JSON.parse(await vaultFileText());
  const bytes = Buffer.from(file.entries[id], 'base64');
  edit(bytes);
  file.entries[id] = bytes.toString('base64');
  await writeFile(join(dir, 'vault.json'), JSON.stringify(file));
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('vault without a real secret store', () => {
  it('keeps web-shell secrets in memory for the session only and says so', async () => {
    const vault = new VaultService({ dataDir: dir, shell: 'web' });
    await vault.put('p1:hub:0', SECRET_A);
    expect(await vault.get('p1:hub:0')).toBe(SECRET_A);
    const status = await vault.status();
    expect(status).toMatchObject({ mode: 'session', persistent: false, locked: false, canSetPassphrase: true });
    expect(status.reason).toMatch(/memory for this session only/);
    expect(await vaultFileText()).toBe('');
    expect(await new VaultService({ dataDir: dir, shell: 'web' }).get('p1:hub:0')).toBeUndefined();
  });

  it('refuses to persist with the Linux basic_text backend, never calling it, and explains why', async () => {
    const calls: string[] = [];
    const vault = new VaultService({ dataDir: dir, shell: 'electron', osCipher: osCipher('basic_text', calls) });
    await vault.put('p1:dps', SECRET_B);
    const status = await vault.status();
    expect(status).toMatchObject({ mode: 'session', backend: 'basic_text', persistent: false });
    expect(status.reason).toMatch(/basic_text.*publicly known key.*not written to disk/);
    expect(calls).toEqual([]);
    expect(await vaultFileText()).toBe('');
  });

  it('refuses an unknown backend (safeStorage asked before app ready)', async () => {
    const vault = new VaultService({ dataDir: dir, shell: 'electron', osCipher: osCipher('unknown') });
    const status = await vault.status();
    expect(status.mode).toBe('session');
    expect(status.reason).toMatch(/could not be identified \(backend "unknown"\)/);
  });
});

describe('vault on an OS secret store', () => {
  it('persists each secret sealed, never in plain text', async () => {
    const cipher = osCipher('gnome_libsecret');
    const vault = new VaultService({ dataDir: dir, shell: 'electron', osCipher: cipher });
    await vault.put('p1:hub:0', SECRET_A);
    await vault.put('p1:dps', SECRET_B);
    expect(await vault.status()).toMatchObject({ mode: 'os', backend: 'gnome_libsecret', persistent: true, reason: null, canSetPassphrase: false });
    const text = await vaultFileText();
    expect(text).not.toContain('SharedAccessKey');
    expect(text).not.toContain('QUFBQUFB');
    const reopened = new VaultService({ dataDir: dir, shell: 'electron', osCipher: cipher });
    expect(await reopened.get('p1:hub:0')).toBe(SECRET_A);
  });

  it('reports a tampered secret clearly and loses nothing else', async () => {
    const cipher = osCipher('gnome_libsecret');
    const vault = new VaultService({ dataDir: dir, shell: 'electron', osCipher: cipher });
    await vault.put('p1:hub:0', SECRET_A);
    await vault.put('p1:dps', SECRET_B);
    await tamper('p1:hub:0', (b) => b.writeUInt8(b.readUInt8(b.length - 1) ^ 1, b.length - 1));
    const reopened = new VaultService({ dataDir: dir, shell: 'electron', osCipher: cipher });
    const error = await errorOf(reopened.get('p1:hub:0'));
    expect(error.code).toBe('secret_storage_unavailable');
    expect(error.message).toBe('The stored secret "p1:hub:0" cannot be decrypted: it was changed or damaged on disk. Enter it again; other secrets are not affected.');
    expect(await reopened.get('p1:dps')).toBe(SECRET_B);
  });

  it('catches a sealed secret moved into another slot', async () => {
    const cipher = osCipher('keychain');
    const vault = new VaultService({ dataDir: dir, shell: 'electron', osCipher: cipher });
    await vault.put('p1:hub:0', SECRET_A);
    await vault.put('p1:dps', SECRET_B);
    const file = JSON.parse(await vaultFileText());
    file.entries['p1:dps'] = file.entries['p1:hub:0'];
    await writeFile(join(dir, 'vault.json'), JSON.stringify(file));
    const reopened = new VaultService({ dataDir: dir, shell: 'electron', osCipher: cipher });
    expect((await errorOf(reopened.get('p1:dps'))).code).toBe('secret_storage_unavailable');
  });

  it('does not offer a passphrase when the OS store protects secrets', async () => {
    const vault = new VaultService({ dataDir: dir, shell: 'electron', osCipher: osCipher('dpapi') });
    expect((await errorOf(vault.setPassphrase('long enough'))).code).toBe('unsupported');
  });

  it('keeps OS-sealed secrets when opened where that store is missing, and will not overwrite them with a passphrase vault', async () => {
    const vault = new VaultService({ dataDir: dir, shell: 'electron', osCipher: osCipher('gnome_libsecret') });
    await vault.put('p1:dps', SECRET_B);
    const before = await vaultFileText();
    const web = new VaultService({ dataDir: dir, shell: 'web' });
    expect(await web.status()).toMatchObject({ mode: 'session', canSetPassphrase: false });
    expect((await errorOf(web.get('p1:dps'))).message).toMatch(/stored with the OS secret store, which is not available now/);
    expect((await errorOf(web.setPassphrase('long enough passphrase'))).code).toBe('unsupported');
    expect(await vaultFileText()).toBe(before);
  });

  it('removes all secrets of one profile and keeps the others', async () => {
    const cipher = osCipher('kwallet5');
    const vault = new VaultService({ dataDir: dir, shell: 'electron', osCipher: cipher });
    await vault.put('p1:dps', SECRET_B);
    await vault.put('p2:dps', SECRET_A);
    await vault.removePrefix('p1:');
    const reopened = new VaultService({ dataDir: dir, shell: 'electron', osCipher: cipher });
    expect(await reopened.get('p1:dps')).toBeUndefined();
    expect(await reopened.get('p2:dps')).toBe(SECRET_A);
  });
});

describe('vault with a passphrase (web shell)', { timeout: 120_000 }, () => {
  it('seals session secrets on disk, starts locked after restart, and unlocks with the right passphrase only', async () => {
    const vault = new VaultService({ dataDir: dir, shell: 'web' });
    await vault.put('p1:hub:0', SECRET_A);
    const set = await vault.setPassphrase('correct horse battery');
    expect(set).toMatchObject({ mode: 'passphrase', backend: 'scrypt+aes-256-gcm', persistent: true, locked: false });
    await vault.put('p1:dps', SECRET_B);
    const text = await vaultFileText();
    expect(text).not.toContain('SharedAccessKey');
    expect(text).not.toContain('correct horse');

    const reopened = new VaultService({ dataDir: dir, shell: 'web' });
    expect(await reopened.status()).toMatchObject({ mode: 'passphrase', locked: true, canSetPassphrase: false });
    expect((await errorOf(reopened.get('p1:dps'))).message).toMatch(/vault is locked/);
    const wrong = await errorOf(reopened.unlock('wrong passphrase'));
    expect(wrong.code).toBe('unauthorized');
    expect(wrong.details?.[0]?.path).toBe('passphrase');
    expect(await reopened.unlock('correct horse battery')).toMatchObject({ locked: false });
    expect(await reopened.get('p1:hub:0')).toBe(SECRET_A);
    expect(await reopened.get('p1:dps')).toBe(SECRET_B);
  });

  it('reports a tampered secret clearly and loses nothing else', async () => {
    const vault = new VaultService({ dataDir: dir, shell: 'web' });
    await vault.setPassphrase('correct horse battery');
    await vault.put('p1:hub:0', SECRET_A);
    await vault.put('p1:dps', SECRET_B);
    await tamper('p1:dps', (b) => b.writeUInt8(b.readUInt8(20) ^ 0x40, 20));
    const reopened = new VaultService({ dataDir: dir, shell: 'web' });
    await reopened.unlock('correct horse battery');
    const error = await errorOf(reopened.get('p1:dps'));
    expect(error.message).toMatch(/"p1:dps" cannot be decrypted: it was changed or damaged on disk/);
    expect(await reopened.get('p1:hub:0')).toBe(SECRET_A);
  });

  it('changes the passphrase, re-sealing every stored secret', async () => {
    const vault = new VaultService({ dataDir: dir, shell: 'web' });
    await vault.setPassphrase('first passphrase');
    await vault.put('p1:dps', SECRET_B);
    const reopened = new VaultService({ dataDir: dir, shell: 'web' });
    await reopened.unlock('first passphrase');
    await reopened.setPassphrase('second passphrase', 'first passphrase');
    const third = new VaultService({ dataDir: dir, shell: 'web' });
    expect((await errorOf(third.unlock('first passphrase'))).code).toBe('unauthorized');
    await third.unlock('second passphrase');
    expect(await third.get('p1:dps')).toBe(SECRET_B);
  });
});
