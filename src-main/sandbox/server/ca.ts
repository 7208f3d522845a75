import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificate, publicKeyOf } from './certificates.ts';
import { writeFileDurably } from '../store/durable-file.ts';

const CA_COMMON_NAME = 'Provisioning Bench Sandbox CA';

export interface SandboxCertificates {
  /** Absolute path of the CA certificate clients must trust. */
  caCertificatePath: string;
  caCertificatePem: string;
  /** Server key + chain for every sandbox TLS listener. */
  serverKeyPem: string;
  serverCertificatePem: string;
}

/**
 * Loads the sandbox CA from the data dir (creating it on first run, so clients that trusted it
 * keep trusting it across restarts) and issues a fresh server certificate for this run: the leaf
 * is cheap and must name the current --listen address.
 */
export function ensureCertificates(dataDir: string, extraAltNames: string[] = []): SandboxCertificates {
  mkdirSync(dataDir, { recursive: true });
  const caCertificatePath = join(dataDir, 'ca.pem');
  const caKeyPath = join(dataDir, 'ca-key.pem');
  let caCertificatePem: string;
  let caKeyPem: string;
  if (existsSync(caCertificatePath) && existsSync(caKeyPath) && isStillValid(readFileSync(caCertificatePath, 'utf8'))) {
    caCertificatePem = readFileSync(caCertificatePath, 'utf8');
    caKeyPem = readFileSync(caKeyPath, 'utf8');
  } else {
    const ca = createCertificate({ commonName: CA_COMMON_NAME, isCa: true, days: 3650 });
    caCertificatePem = ca.certificatePem;
    caKeyPem = ca.privateKeyPem;
    // Key first: a cert without its key on disk would be replaced next start anyway.
    writeFileDurably(caKeyPath, caKeyPem, 0o600);
    writeFileDurably(caCertificatePath, caCertificatePem, 0o644);
  }
  const altNames = [...new Set(['localhost', '127.0.0.1', '::1', ...extraAltNames.filter((name) => name && name !== '0.0.0.0' && name !== '::')])];
  const leaf = createCertificate({
    commonName: 'localhost',
    isCa: false,
    days: 365,
    altNames,
    issuer: { commonName: CA_COMMON_NAME, publicKey: publicKeyOf(caCertificatePem) },
    issuerKeyPem: caKeyPem,
  });
  return { caCertificatePath, caCertificatePem, serverKeyPem: leaf.privateKeyPem, serverCertificatePem: leaf.certificatePem };
}

function isStillValid(pem: string): boolean {
  try {
    return new Date(new X509Certificate(pem).validTo).getTime() > Date.now() + 30 * 24 * 60 * 60 * 1000;
  } catch {
    return false;
  }
}
