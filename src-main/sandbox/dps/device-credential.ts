import type { TLSSocket } from 'node:tls';
import { peerChain } from '../server/certificate-chain.ts';
import { parseSasToken } from '../server/sas.ts';
import type { DeviceCredential } from './attestation.ts';

/** A SAS token wins over a client certificate: a symmetric-key device may still present one. */
export function deviceCredential(sasToken: string | undefined, socket: TLSSocket | undefined): DeviceCredential {
  if (sasToken) {
    const token = parseSasToken(sasToken);
    return token ? { kind: 'sas', token } : { kind: 'none' };
  }
  const chain = socket ? peerChain(socket) : [];
  return chain.length > 0 ? { kind: 'x509', chain } : { kind: 'none' };
}
