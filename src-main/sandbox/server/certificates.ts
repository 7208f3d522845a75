import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import {
  bitString, booleanValue, explicit, implicit, objectIdentifier, octetString, sequence, set, smallInteger, time, unsignedInteger, utf8String,
} from './der.ts';
import { ipBytes } from './ip-bytes.ts';
import { encodeNameConstraints, NAME_CONSTRAINTS_OID } from './name-constraints.ts';

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

export interface KeyPairPem {
  privateKeyPem: string;
  publicKey: KeyObject;
}

/** EC P-256: generated in well under a millisecond, accepted by every TLS stack the SDKs use. */
export function generateKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}

export interface CertificateRequest {
  commonName: string;
  publicKey: KeyObject;
  /** Who signs: omit for a self-signed certificate (then `signingKeyPem` is the subject's own key). */
  issuer?: { commonName: string; publicKey: KeyObject };
  signingKeyPem: string;
  isCa: boolean;
  /** Host names and IP addresses for a server certificate's subjectAltName. */
  altNames?: string[];
  /** For a CA: the only names it may vouch for (DNS names, IP ranges as CIDR); see name-constraints.ts. */
  permittedNames?: string[];
  days: number;
}

function encodeName(commonName: string): Buffer {
  return sequence(
    set(sequence(objectIdentifier(OID.organization), utf8String('Provisioning Bench Sandbox'))),
    set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))),
  );
}

function keyId(publicKey: KeyObject): Buffer {
  return createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [booleanValue(true)] : []), octetString(value));
}

function extensions(request: CertificateRequest): Buffer {
  const list = [
    extension(OID.basicConstraints, true, sequence(...(request.isCa ? [booleanValue(true)] : []))),
    // keyCertSign + cRLSign for a CA; digitalSignature + keyAgreement for ECDHE leaf use.
    extension(OID.keyUsage, true, request.isCa ? bitString(Buffer.from([0x06])) : bitString(Buffer.from([0x88]))),
    extension(OID.subjectKeyId, false, octetString(keyId(request.publicKey))),
    extension(OID.authorityKeyId, false, sequence(implicit(0, keyId(request.issuer?.publicKey ?? request.publicKey)))),
  ];
  if (!request.isCa) {
    list.push(extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth), objectIdentifier(OID.clientAuth))));
  }
  if (request.isCa && request.permittedNames?.length) {
    // Critical, so a client that cannot read it refuses the chain rather than ignoring the limit.
    list.push(extension(NAME_CONSTRAINTS_OID, true, encodeNameConstraints(request.permittedNames)));
  }
  if (request.altNames?.length) {
    const names = request.altNames.map((name) => (isIPv4(name) || isIPv6(name) ? implicit(7, ipBytes(name)) : implicit(2, Buffer.from(name, 'ascii'))));
    list.push(extension(OID.subjectAltName, false, sequence(...names)));
  }
  return explicit(3, sequence(...list));
}

/** Builds and signs an X.509 v3 certificate; returns it as PEM. */
export function issueCertificate(request: CertificateRequest): string {
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + request.days * 24 * 60 * 60 * 1000);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    encodeName(request.issuer?.commonName ?? request.commonName),
    sequence(time(notBefore), time(notAfter)),
    encodeName(request.commonName),
    request.publicKey.export({ type: 'spki', format: 'der' }),
    extensions(request),
  );
  const signature = sign('sha256', tbs, request.signingKeyPem);
  const der = sequence(tbs, algorithm, bitString(signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  return new X509Certificate(pem).toString();
}

/** Convenience for tests and the CA: a fresh key and a certificate for it. */
export function createCertificate(options: Omit<CertificateRequest, 'publicKey' | 'signingKeyPem'> & { issuerKeyPem?: string }): { certificatePem: string; privateKeyPem: string } {
  const keys = generateKeyPair();
  const certificatePem = issueCertificate({ ...options, publicKey: keys.publicKey, signingKeyPem: options.issuerKeyPem ?? keys.privateKeyPem });
  return { certificatePem, privateKeyPem: keys.privateKeyPem };
}

export function publicKeyOf(certificatePem: string): KeyObject {
  return createPublicKey(new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'pem' }));
}
