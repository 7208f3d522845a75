import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../services/ports.ts';

/** The part of Electron's safeStorage the cipher uses; the real module satisfies it. */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

/**
 * Backs the SecretCipher port with the OS secret store through Electron's safeStorage (async API).
 * Construct it after the app is ready: before that Linux reports the backend as 'unknown', which the
 * vault treats as "no real store" and refuses to persist.
 */
export function createSafeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCipher {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : 'unknown';
  return {
    kind: 'os',
    backend,
    isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    async decrypt(cipher) {
      // shouldReEncrypt (key rotation) is left to the next write of that secret: correctness first.
      const { result } = await safeStorage.decryptStringAsync(cipher);
      return result;
    },
  };
}
