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

export function newKdfParams(): KdfParams {
  return { salt: randomBytes(16).toString('base64'), N: 2 ** 15, r: 8, p: 1 };
}

export function deriveKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r }, (error, key) =>
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
