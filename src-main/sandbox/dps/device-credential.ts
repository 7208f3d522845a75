import { X509Certificate } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { parseSasToken } from '../server/sas.ts';
import type { DeviceCredential } from './attestation.ts';

/**
 * The client certificate chain a device sent in the TLS handshake, leaf first. The listener asks
 * for a certificate without rejecting unknown ones: the DPS decides, by enrollment, whom to trust.
 */
export function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let current: PeerCertificate | undefined = socket.getPeerCertificate?.(true) as PeerCertificate | undefined;
  const seen = new Set<string>();
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    try {
      chain.push(new X509Certificate(current.raw));
    } catch {
      break;
    }
    current = (current as PeerCertificate & { issuerCertificate?: PeerCertificate }).issuerCertificate;
  }
  return chain;
}

/** A SAS token wins over a client certificate: a symmetric-key device may still present one. */
export function deviceCredential(sasToken: string | undefined, socket: TLSSocket | undefined): DeviceCredential {
  if (sasToken) {
    const token = parseSasToken(sasToken);
    return token ? { kind: 'sas', token } : { kind: 'none' };
  }
  const chain = socket ? peerChain(socket) : [];
  return chain.length > 0 ? { kind: 'x509', chain } : { kind: 'none' };
}
