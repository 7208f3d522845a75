import { describe, expect, it } from 'vitest';
import { createSafeStorageCipher, type SafeStorageLike } from './safe-storage-cipher.ts';

// The Electron binary cannot run here, so safeStorage is the one thing stood in for.
function fakeSafeStorage(backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>): SafeStorageLike {
  return {
    getSelectedStorageBackend: () => backend,
    isAsyncEncryptionAvailable: async () => true,
    encryptStringAsync: async (plain) => Buffer.from(`enc:${plain}`),
    decryptStringAsync: async (buf) => ({ result: buf.toString().replace(/^enc:/, ''), shouldReEncrypt: false }),
  };
}

describe('createSafeStorageCipher', () => {
  it('names the Linux backend safeStorage picked, so the vault can refuse basic_text', () => {
    expect(createSafeStorageCipher(fakeSafeStorage('basic_text'), 'linux').backend).toBe('basic_text');
    expect(createSafeStorageCipher(fakeSafeStorage('gnome_libsecret'), 'linux').backend).toBe('gnome_libsecret');
  });

  it('names the platform store elsewhere', () => {
    expect(createSafeStorageCipher(fakeSafeStorage('unknown'), 'darwin').backend).toBe('keychain');
    expect(createSafeStorageCipher(fakeSafeStorage('unknown'), 'win32').backend).toBe('dpapi');
  });

  it('round-trips through the async API', async () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage('kwallet6'), 'linux');
    expect(cipher.kind).toBe('os');
    expect(await cipher.decrypt(await cipher.encrypt('secret'))).toBe('secret');
  });
});
