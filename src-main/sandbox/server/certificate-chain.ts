import { X509Certificate } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';

/**
 * Client certificate chains, shared by DPS attestation and the hub's CA-authenticated devices.
 * The listeners ask for a client certificate without rejecting unknown ones (the sandbox CA is
 * not what devices chain to), so each service checks the chain itself against its own anchors.
 */

/** The client certificate chain a device sent in the TLS handshake, leaf first. */
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

/** The subject's CN: the registration id (DPS) and the device id (hub) of an X.509 device. */
export function commonName(certificate: X509Certificate): string | undefined {
  const line = certificate.subject.split('\n').find((part) => part.startsWith('CN='));
  return line?.slice(3);
}

export function isCurrentlyValid(certificate: X509Certificate, now = Date.now()): boolean {
  return new Date(certificate.validFrom).getTime() <= now && now <= new Date(certificate.validTo).getTime();
}

/** Whether `issuer` is a CA certificate that signed `subject`. */
function signs(issuer: X509Certificate, subject: X509Certificate): boolean {
  return issuer.ca && subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

/**
 * Walks leaf → the intermediates the device presented until a certificate signed by (or equal to)
 * one of the anchors. Every certificate on that path, the anchor included, must be valid now, and
 * every issuer must be a CA: an expired intermediate or a leaf used as an issuer breaks the chain.
 */
export function chainLeadsTo(chain: X509Certificate[], anchors: X509Certificate[], now = Date.now()): boolean {
  const trusted = anchors.filter((anchor) => isCurrentlyValid(anchor, now));
  let current = chain[0];
  const seen = new Set<string>();
  while (current && !seen.has(current.fingerprint256) && isCurrentlyValid(current, now)) {
    seen.add(current.fingerprint256);
    const node = current;
    // The device may send the anchor itself as the last certificate of its chain.
    if (seen.size > 1 && trusted.some((anchor) => anchor.fingerprint256 === node.fingerprint256)) return true;
    if (trusted.some((anchor) => signs(anchor, node))) return true;
    current = chain.slice(1).find((candidate) => signs(candidate, node));
  }
  return false;
}
