import type { X509Certificate } from 'node:crypto';
import type { ProvisionedAuthentication } from '../hub/provisioning-port.ts';
import { chainLeadsTo, commonName, isCurrentlyValid } from '../server/certificate-chain.ts';
import type { SasToken } from '../server/sas.ts';
import { hmacBase64, verifySas } from '../server/sas.ts';
import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import type { StoredDocument } from './dps-tables.ts';
import type { CertificatePair, EnrollmentGroup, IndividualEnrollment } from './enrollment-model.ts';
import { parseCertificate } from './enrollment-normalize.ts';

/** What a device presented: a SAS token (symmetric key), its TLS client chain (X.509), or a TPM. */
export type DeviceCredential =
  | { kind: 'sas'; token: SasToken }
  | { kind: 'x509'; chain: X509Certificate[] }
  | { kind: 'tpm' }
  | { kind: 'none' };

export type AttestedSource =
  | { kind: 'individual'; enrollment: StoredDocument<IndividualEnrollment> }
  | { kind: 'group'; group: StoredDocument<EnrollmentGroup> };

export interface Attested {
  source: AttestedSource;
  /** The credential the hub device gets: the key or certificate the device just proved. */
  authentication: ProvisionedAuthentication;
}

function unauthorized(message: string): DpsError {
  return new DpsError(DpsErrorCode.unauthorized, message);
}

const UNSUPPORTED_TPM = 'TPM attestation is not supported by the Provisioning Bench sandbox: the enrollment is stored and listed, but a device cannot register with it. Use a symmetric key or X.509 enrollment to test registration locally.';

function sasMatches(token: SasToken, keys: string[], resource: string): boolean {
  return keys.some((key) => verifySas(token, key, resource).ok);
}

function attestSas(store: DpsStore, idScope: string, registrationId: string, token: SasToken): Attested {
  const resource = `${idScope}/registrations/${registrationId}`;
  if (token.se < Date.now() / 1000) throw unauthorized('Unauthorized: the SAS token has expired.');
  const individual = store.enrollments.get(registrationId);
  if (individual) {
    const attestation = individual.body.attestation;
    if (attestation.type === 'tpm') throw new DpsError(DpsErrorCode.unsupportedAttestation, UNSUPPORTED_TPM);
    if (attestation.type !== 'symmetricKey') throw unauthorized(`Unauthorized: enrollment '${registrationId}' uses ${attestation.type} attestation, not a symmetric key.`);
    const { primaryKey, secondaryKey } = attestation.symmetricKey;
    if (!sasMatches(token, [primaryKey, secondaryKey], resource)) throw unauthorized('Unauthorized: the SAS token does not match the enrollment key.');
    return { source: { kind: 'individual', enrollment: individual }, authentication: { type: 'sas', primaryKey, secondaryKey } };
  }
  // No individual enrollment: the service tries every symmetric-key group's derived key.
  for (const group of store.groups.withTag('symmetricKey')) {
    if (group.body.attestation.type !== 'symmetricKey') continue;
    const primaryKey = hmacBase64(group.body.attestation.symmetricKey.primaryKey, registrationId);
    const secondaryKey = hmacBase64(group.body.attestation.symmetricKey.secondaryKey, registrationId);
    if (sasMatches(token, [primaryKey, secondaryKey], resource)) {
      return { source: { kind: 'group', group }, authentication: { type: 'sas', primaryKey, secondaryKey } };
    }
  }
  throw unauthorized('Unauthorized: no enrollment matches this registration id and key.');
}

function matchesPair(leaf: X509Certificate, pair: CertificatePair | undefined): boolean {
  const fingerprint = leaf.fingerprint256.replace(/:/g, '');
  return [pair?.primary, pair?.secondary].some((slot) => slot?.info.sha256Thumbprint === fingerprint);
}

/** The group's signing certificates, the anchors a member's chain must lead to. */
function chainsTo(chain: X509Certificate[], pair: CertificatePair | undefined): boolean {
  const anchors = [pair?.primary, pair?.secondary].flatMap((slot) => (slot ? [parseCertificate(slot.certificate)] : [])).filter((c): c is X509Certificate => c !== null);
  return chainLeadsTo(chain, anchors);
}

function attestX509(store: DpsStore, registrationId: string, chain: X509Certificate[]): Attested {
  const leaf = chain[0];
  if (!leaf) throw unauthorized('Unauthorized: no client certificate was presented.');
  // The registration id is the leaf certificate's CN.
  if (commonName(leaf) !== registrationId) throw unauthorized(`Unauthorized: the registration id must equal the certificate's common name ('${commonName(leaf) ?? ''}').`);
  if (!isCurrentlyValid(leaf)) throw unauthorized('Unauthorized: the client certificate is not currently valid.');
  const individual = store.enrollments.get(registrationId);
  if (individual) {
    const attestation = individual.body.attestation;
    if (attestation.type === 'tpm') throw new DpsError(DpsErrorCode.unsupportedAttestation, UNSUPPORTED_TPM);
    if (attestation.type !== 'x509' || !matchesPair(leaf, attestation.x509.clientCertificates)) {
      throw unauthorized('Unauthorized: the client certificate does not match the enrollment.');
    }
    const pair = attestation.x509.clientCertificates;
    return {
      source: { kind: 'individual', enrollment: individual },
      authentication: { type: 'selfSigned', primaryThumbprint: pair?.primary?.info.sha1Thumbprint ?? '', secondaryThumbprint: pair?.secondary?.info.sha1Thumbprint ?? null },
    };
  }
  for (const group of store.groups.withTag('x509')) {
    if (group.body.attestation.type === 'x509' && chainsTo(chain, group.body.attestation.x509.signingCertificates)) {
      return { source: { kind: 'group', group }, authentication: { type: 'certificateAuthority' } };
    }
  }
  throw unauthorized('Unauthorized: no enrollment matches this client certificate.');
}

/**
 * Proves a device against the enrollments, as the service does before it allocates: an
 * individual enrollment for the registration id first, then the groups. Throws a 401 DpsError
 * (or 400 for the unsupported TPM mechanism) with a message saying why.
 */
export function attest(store: DpsStore, idScope: string, registrationId: string, credential: DeviceCredential): Attested {
  switch (credential.kind) {
    case 'sas':
      return attestSas(store, idScope, registrationId, credential.token);
    case 'x509':
      return attestX509(store, registrationId, credential.chain);
    case 'tpm':
      throw new DpsError(DpsErrorCode.unsupportedAttestation, UNSUPPORTED_TPM);
    case 'none':
      throw unauthorized('Unauthorized: present a SAS token (symmetric key) or a client certificate (X.509).');
  }
}
