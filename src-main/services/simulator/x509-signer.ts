import { createHash, X509Certificate } from 'node:crypto';
import type { DeviceCredential } from '../../simulator/protocol.ts';
import { generateKeyPair, issueCertificate } from '../../sandbox/server/certificates.ts';

/**
 * A signing certificate the console mints for an X.509 fleet (EC P-256, node:crypto through the
 * sandbox's certificate builder) and the device certificates it issues under it (CN =
 * registration id, as DPS requires; the chain leaf + signer is what the device presents). The
 * private keys live in this process's memory only: a new fleet mints a new signing certificate.
 */
export interface SigningCertificate {
  certificatePem: string;
  /** SHA-256 of the DER, hex. */
  thumbprint: string;
  issue(registrationId: string): Promise<DeviceCredential>;
}

export function mintSigningCertificate(commonName: string, days = 30): SigningCertificate {
  const signer = generateKeyPair();
  const certificatePem = issueCertificate({ commonName, publicKey: signer.publicKey, signingKeyPem: signer.privateKeyPem, isCa: true, days });
  const issuer = { commonName, publicKey: signer.publicKey };
  return {
    certificatePem,
    thumbprint: createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('hex'),
    async issue(registrationId) {
      const device = generateKeyPair();
      const leaf = issueCertificate({ commonName: registrationId, publicKey: device.publicKey, issuer, signingKeyPem: signer.privateKeyPem, isCa: false, days });
      return { kind: 'x509', certPem: `${leaf}${certificatePem}`, keyPem: device.privateKeyPem };
    },
  };
}
