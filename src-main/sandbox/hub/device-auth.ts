import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { chainLeadsTo, commonName, isCurrentlyValid, peerChain } from '../server/certificate-chain.ts';
import { parseSasToken, verifySas } from '../server/sas.ts';
import type { PolicyKeys } from './access-policies.ts';
import { POLICY_PERMISSIONS } from './access-policies.ts';
import type { DeviceRegistry } from './device-registry.ts';

export interface DeviceAuthOptions {
  hostName: string;
  registry: DeviceRegistry;
  policies: Map<string, PolicyKeys>;
  /** The verified CAs a `certificateAuthority` device's client chain must lead to. */
  trustedDeviceCas: () => X509Certificate[];
}

/**
 * Proves a device as the hub does on every device protocol (MQTT CONNECT, HTTPS request): its
 * SAS token (device key or a DeviceConnect policy), its self-signed certificate's thumbprint, or
 * a CA chain with CN = device id. Returns null when proven, else the reason.
 */
export function authenticateDevice(options: DeviceAuthOptions, deviceId: string, socket: TLSSocket, sasToken: string | undefined): string | null {
  const record = options.registry.store.get(deviceId);
  if (!record) return 'Unknown device.';
  if (record.status !== 'enabled') return 'The device is disabled.';
  const auth = record.authentication;
  if (auth.type === 'selfSigned') {
    const certificate = socket.getPeerCertificate?.();
    if (!certificate || !certificate.fingerprint) return 'A client certificate is required.';
    const prints = [certificate.fingerprint, certificate.fingerprint256].map((f) => f.replace(/:/g, '').toUpperCase());
    return [auth.primaryThumbprint, auth.secondaryThumbprint].some((p) => p !== null && prints.includes(p)) ? null : 'The client certificate does not match.';
  }
  // Without a certificate a CA device may still use a policy SAS token (skn), as for any device.
  const chain = auth.type === 'certificateAuthority' ? peerChain(socket) : [];
  if (auth.type === 'certificateAuthority' && (chain.length > 0 || !sasToken)) return authenticateByCa(options, deviceId, chain);
  const token = parseSasToken(sasToken);
  if (!token) return 'A SharedAccessSignature is required.';
  const resource = `${options.hostName}/devices/${deviceId}`;
  let keys: string[] = [];
  if (token.skn) {
    const policy = options.policies.get(token.skn);
    if (policy && POLICY_PERMISSIONS[token.skn]?.includes('DeviceConnect')) keys = [policy.primaryKey, policy.secondaryKey];
  } else if (auth.type === 'sas') keys = [auth.primaryKey, auth.secondaryKey];
  for (const key of keys) {
    const result = verifySas(token, key, resource);
    if (result.ok) return null;
    if (result.reason === 'expired') return 'The SharedAccessSignature has expired.';
  }
  return 'The SharedAccessSignature is not valid.';
}

/** As the service does for a CA-authenticated device: CN = device id, valid now, chained to a verified CA. */
function authenticateByCa(options: DeviceAuthOptions, deviceId: string, chain: X509Certificate[]): string | null {
  const leaf = chain[0];
  if (!leaf) return 'A client certificate is required.';
  if (commonName(leaf) !== deviceId) return "The client certificate's common name must equal the device id.";
  if (!isCurrentlyValid(leaf)) return 'The client certificate has expired or is not yet valid.';
  return chainLeadsTo(chain, options.trustedDeviceCas()) ? null : 'The client certificate does not chain to a verified CA.';
}
