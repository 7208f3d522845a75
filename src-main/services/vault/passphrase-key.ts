import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt parameters stored beside the sealed secrets so a later version can raise them. */
export interface KdfParams {
  salt: string; // base64, 16 random bytes per vault
  N: number;
  r: number;
  p: number;
}

const FORMAT = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** New vaults: 2^17 × r 8 costs 128 MiB and a few hundred ms, OWASP's floor for scrypt. */
export const NEW_VAULT_N = 2 ** 17;

export function newKdfParams(): KdfParams {
  return { salt: randomBytes(16).toString('base64'), N: NEW_VAULT_N, r: 8, p: 1 };
}

/**
 * The bounds for parameters read from disk: vault.json is a file anyone with the data dir can
 * edit, and a crafted N/r/p made one unlock take 4 GB and 25 s. Old vaults (N 2^15) still open
 * and are re-sealed with new parameters on unlock.
 */
const MIN_N = 2 ** 15;
const MAX_MEMORY = 256 * 2 ** 20;
const MAX_COST = NEW_VAULT_N * 8 * 2; // N·r·p: twice today's work at most

/** The kdf record from disk if it is sane, else `undefined` with the reason in `problem`. */
export function checkStoredKdf(kdf: unknown): { params?: KdfParams; problem?: string } {
  if (typeof kdf !== 'object' || kdf === null) return { problem: 'it has no kdf parameters' };
  const { salt, N, r, p } = kdf as Record<string, unknown>;
  if (typeof salt !== 'string' || !/^[A-Za-z0-9+/]{22,88}={0,2}$/.test(salt)) return { problem: 'its kdf salt is missing or malformed' };
  const ints = [N, r, p].every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1);
  if (!ints) return { problem: 'its kdf N, r and p must be positive whole numbers' };
  const [n, rr, pp] = [N, r, p] as number[];
  if (n! < MIN_N || (n! & (n! - 1)) !== 0) return { problem: `its kdf N (${n}) must be a power of two of at least ${MIN_N}` };
  if (rr! > 32 || pp! > 16 || 128 * rr! * n! > MAX_MEMORY || n! * rr! * pp! > MAX_COST) {
    return { problem: `its kdf parameters (N ${n}, r ${rr}, p ${pp}) ask for more memory or work than any vault this app writes` };
  }
  return { params: { salt, N: n!, r: rr!, p: pp! } };
}

export function deriveKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  // OpenSSL needs 128·r·(N + p + 2) bytes; Node's default cap (32 MiB) is below N 2^17.
  const maxmem = 128 * params.r * (params.N + params.p + 2) + 2 ** 20;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), 32, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * AES-256-GCM with a fresh random nonce per secret. `label` is bound as associated data, so a
 * sealed secret moved to another slot fails to open just like an edited one.
 * Layout: [format 1][nonce 12][tag 16][ciphertext].
 */
export function seal(key: Buffer, plain: string, label: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), nonce, cipher.getAuthTag(), body]);
}

/** Throws when the bytes were changed, moved, or sealed with another key. */
export function open(key: Buffer, sealed: Buffer, label: string): string {
  if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== FORMAT) throw new Error('unrecognised sealed format');
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(label, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

const CHECK_TEXT = 'provisioning-bench vault check';

/** A sealed known text, to tell a wrong passphrase from a damaged secret. */
export function sealCheck(key: Buffer): Buffer {
  return seal(key, CHECK_TEXT, 'vault-check');
}

export function keyMatchesCheck(key: Buffer, check: Buffer): boolean {
  try {
    const text = Buffer.from(open(key, check, 'vault-check'));
    const expected = Buffer.from(CHECK_TEXT);
    return text.length === expected.length && timingSafeEqual(text, expected);
  } catch {
    return false;
  }
}
