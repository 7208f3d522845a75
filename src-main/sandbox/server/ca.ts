import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createCertificate, publicKeyOf } from './certificates.ts';
import { caPermitsAll, LOOPBACK_PERMITTED, permittedEntryFor, permittedNamesOf } from './name-constraints.ts';
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

/** Loopback names every sandbox CA permits already (`localhost` covers its subdomains). */
function coveredByLoopback(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'localhost' || lower.endsWith('.localhost') || lower === '::1' || (isIP(lower) === 4 && lower.startsWith('127.'));
}

/**
 * Loads the sandbox CA from the data dir (creating it on first run, so clients that trusted it
 * keep trusting it across restarts) and issues a fresh server certificate for this run: the leaf
 * is cheap and must name the current --listen address.
 *
 * The CA is name-constrained to this machine's names (localhost, 127.0.0.0/8, ::1) and the
 * advertised `--listen` address: a device that trusts it trusts nothing else by it. A CA on disk
 * without those constraints (made by an older version) or without the current address is
 * replaced, and `notice` says so: devices that copied the old ca.pem must be given the new one.
 */
export function ensureCertificates(dataDir: string, extraAltNames: string[] = [], notice: (line: string) => void = () => undefined): SandboxCertificates {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const caCertificatePath = join(dataDir, 'ca.pem');
  const caKeyPath = join(dataDir, 'ca-key.pem');
  const hostNames = extraAltNames.filter((name) => name && name !== '0.0.0.0' && name !== '::');
  // A name under another listed name (`hub1.bench.lan` under `bench.lan`) is covered by that one's constraint.
  const underAnother = (name: string) => hostNames.some((other) => other !== name && name.toLowerCase().endsWith(`.${other.toLowerCase()}`));
  const permitted = [...LOOPBACK_PERMITTED, ...new Set(hostNames.filter((name) => !coveredByLoopback(name) && !underAnother(name)).map(permittedEntryFor))];
  let caCertificatePem: string;
  let caKeyPem: string;
  const existing = existsSync(caCertificatePath) && existsSync(caKeyPath) ? readFileSync(caCertificatePath, 'utf8') : undefined;
  if (existing && isStillValid(existing) && caPermitsAll(existing, permitted)) {
    caCertificatePem = existing;
    caKeyPem = readFileSync(caKeyPath, 'utf8');
  } else {
    if (existing && isStillValid(existing)) {
      const had = safePermittedNames(existing);
      notice(
        had === undefined
          ? `sandbox: the CA in ${caCertificatePath} could vouch for any host name (made before name constraints); a new CA limited to ${permitted.join(', ')} replaces it. Devices that trusted the old ca.pem need the new one.`
          : `sandbox: the CA in ${caCertificatePath} is limited to ${had.join(', ')}, not ${permitted.join(', ')}; a new CA replaces it. Devices that trusted the old ca.pem need the new one.`,
      );
    }
    const ca = createCertificate({ commonName: CA_COMMON_NAME, isCa: true, days: 3650, permittedNames: permitted });
    caCertificatePem = ca.certificatePem;
    caKeyPem = ca.privateKeyPem;
    // Key first: a cert without its key on disk would be replaced next start anyway.
    writeFileDurably(caKeyPath, caKeyPem, 0o600);
    writeFileDurably(caCertificatePath, caCertificatePem, 0o644);
  }
  const altNames = [...new Set(['localhost', '127.0.0.1', '::1', ...hostNames])];
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

function safePermittedNames(pem: string): string[] | undefined {
  try {
    return permittedNamesOf(pem);
  } catch {
    return undefined;
  }
}

function isStillValid(pem: string): boolean {
  try {
    return new Date(new X509Certificate(pem).validTo).getTime() > Date.now() + 30 * 24 * 60 * 60 * 1000;
  } catch {
    return false;
  }
}
