import { describe, expect, it } from 'vitest';
import { deriveDeviceKey, generateSymmetricKey, keyFingerprint } from './device-key.ts';

describe('device keys', () => {
  it('derives the key openssl computes for a registration id', () => {
    // Expected value computed independently: printf sn-0001 | openssl dgst -sha256 -mac HMAC -macopt hexkey:0707…07 -binary | base64
    const groupKey = Buffer.alloc(32, 7).toString('base64');
    expect(deriveDeviceKey(groupKey, 'sn-0001')).toBe('/QudZ3DDc5tvlTAMMVrRxhFDd0pSv+MgNSMHqXsuasM=');
  });

  it('gives each registration id its own key and never returns the group key', () => {
    const groupKey = generateSymmetricKey();
    const a = deriveDeviceKey(groupKey, 'a');
    expect(a).not.toBe(deriveDeviceKey(groupKey, 'b'));
    expect(a).not.toBe(groupKey);
    expect(Buffer.from(groupKey, 'base64')).toHaveLength(64);
  });

  it('fingerprints without revealing the key', () => {
    const key = generateSymmetricKey();
    const print = keyFingerprint(key);
    expect(print).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(print).not.toContain(key.slice(0, 8));
    expect(keyFingerprint(key)).toBe(print);
  });
});
