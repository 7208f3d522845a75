import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainLeadsTo, commonName } from './certificate-chain.ts';
import { createCertificate, publicKeyOf } from './certificates.ts';

type Made = { certificatePem: string; privateKeyPem: string; name: string };
const make = (name: string, isCa: boolean, issuer?: Made, days = 30): Made => ({
  ...createCertificate({ commonName: name, isCa, days, ...(issuer ? { issuer: { commonName: issuer.name, publicKey: publicKeyOf(issuer.certificatePem) }, issuerKeyPem: issuer.privateKeyPem } : {}) }),
  name,
});
const x509 = (...made: Made[]) => made.map((m) => new X509Certificate(m.certificatePem));

describe('chainLeadsTo', () => {
  const root = make('Root', true);
  const intermediate = make('Intermediate', true, root);
  const leaf = make('device-1', false, intermediate);

  it('follows the presented intermediates up to an anchor, or accepts an anchor that signed the leaf', () => {
    expect(commonName(x509(leaf)[0] as X509Certificate)).toBe('device-1');
    expect(chainLeadsTo(x509(leaf, intermediate), x509(root))).toBe(true);
    expect(chainLeadsTo(x509(leaf, intermediate, root), x509(root))).toBe(true);
    expect(chainLeadsTo(x509(leaf), x509(intermediate))).toBe(true);
    expect(chainLeadsTo(x509(leaf), x509(root))).toBe(false);
    expect(chainLeadsTo(x509(leaf, intermediate), x509(make('Other', true)))).toBe(false);
    expect(chainLeadsTo([], x509(root))).toBe(false);
  });

  it('refuses expired certificates anywhere on the path and issuers that are not CAs', () => {
    const expiredIntermediate = make('Intermediate', true, root, -1);
    expect(chainLeadsTo(x509(make('device-2', false, expiredIntermediate), expiredIntermediate), x509(root))).toBe(false);
    expect(chainLeadsTo(x509(make('device-3', false, intermediate, -1), intermediate), x509(root))).toBe(false);
    const expiredRoot = make('Old Root', true, undefined, -1);
    expect(chainLeadsTo(x509(make('device-4', false, expiredRoot)), x509(expiredRoot))).toBe(false);
    const notCa = make('Not A CA', false, root);
    expect(chainLeadsTo(x509(make('device-5', false, notCa), notCa), x509(root))).toBe(false);
  });
});
