import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureCertificates } from './ca.ts';
import { createCertificate, publicKeyOf } from './certificates.ts';
import { permittedNamesOf } from './name-constraints.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-ca-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A server certificate for `altNames`, signed with the sandbox CA's key as anyone holding ca-key.pem could. */
function leafSignedBySandboxCa(altNames: string[]): { certificatePem: string; privateKeyPem: string } {
  const caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  return createCertificate({
    // not a host name: OpenSSL would check a host-like CN against the DNS constraints too
    commonName: 'Sandbox test leaf',
    isCa: false,
    days: 1,
    altNames,
    issuer: { commonName: 'Provisioning Bench Sandbox CA', publicKey: publicKeyOf(caPem) },
    issuerKeyPem: readFileSync(join(dir, 'ca-key.pem'), 'utf8'),
  });
}

/** What `openssl verify` says of a leaf against the sandbox CA alone. */
function opensslVerify(leafPem: string): { ok: boolean; output: string } {
  writeFileSync(join(dir, 'leaf.pem'), leafPem);
  try {
    return { ok: true, output: execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A device's TLS connection: trusts the sandbox CA only, checks the name it dialled. */
async function deviceConnects(leaf: { certificatePem: string; privateKeyPem: string }, servername: string): Promise<string> {
  const server = tls.createServer({ key: leaf.privateKeyPem, cert: leaf.certificatePem }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername, ca: readFileSync(join(dir, 'ca.pem'), 'utf8') });
      socket.once('secureConnect', () => {
        socket.destroy();
        resolve('ok');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(`${error.code}: ${error.message}`));
    });
  } finally {
    server.close();
  }
}

describe('sandbox CA name constraints', () => {
  it('limits the CA to localhost, 127.0.0.0/8 and ::1', () => {
    ensureCertificates(dir, ['127.0.0.1']);
    expect(permittedNamesOf(readFileSync(join(dir, 'ca.pem'), 'utf8'))).toEqual(['localhost', '127.0.0.0/8', '::1/128']);
  });

  it('vouches for nothing else: a leaf for another name signed by the CA key fails verification', async () => {
    ensureCertificates(dir, ['127.0.0.1']);
    for (const name of ['login.microsoftonline.com', 'contoso.azure-devices.net', '10.1.2.3', 'localhost.evil.com']) {
      const verdict = opensslVerify(leafSignedBySandboxCa([name]).certificatePem);
      expect(verdict.ok, `${name}: ${verdict.output}`).toBe(false);
      expect(verdict.output).toMatch(/permitted subtree violation/);
    }
    expect(await deviceConnects(leafSignedBySandboxCa(['login.microsoftonline.com']), 'login.microsoftonline.com')).toMatch(/permitted subtree violation/);
  });

  it('still vouches for this machine: localhost, its subdomains, 127.x and ::1', async () => {
    ensureCertificates(dir, ['127.0.0.1']);
    for (const names of [['localhost'], ['hub-1.localhost'], ['127.0.0.1', '127.0.0.2'], ['::1']]) {
      const verdict = opensslVerify(leafSignedBySandboxCa(names).certificatePem);
      expect(verdict.ok, `${names.join(',')}: ${verdict.output}`).toBe(true);
    }
    const own = ensureCertificates(dir, ['127.0.0.1']);
    expect(await deviceConnects({ certificatePem: own.serverCertificatePem, privateKeyPem: own.serverKeyPem }, 'localhost')).toBe('ok');
  });

  it('adds the --listen address to what the CA permits, and replaces the CA when that address changes', () => {
    const notices: string[] = [];
    const first = ensureCertificates(dir, ['192.168.50.7'], (line) => notices.push(line));
    expect(permittedNamesOf(first.caCertificatePem)).toEqual(['localhost', '127.0.0.0/8', '::1/128', '192.168.50.7/32']);
    expect(opensslVerify(first.serverCertificatePem).ok).toBe(true);
    expect(ensureCertificates(dir, ['192.168.50.7'], (line) => notices.push(line)).caCertificatePem).toBe(first.caCertificatePem);
    expect(notices).toEqual([]);
    const moved = ensureCertificates(dir, ['192.168.50.8'], (line) => notices.push(line));
    expect(moved.caCertificatePem).not.toBe(first.caCertificatePem);
    expect(permittedNamesOf(moved.caCertificatePem)).toContain('192.168.50.8/32');
    expect(notices.join('\n')).toMatch(/limited to .*192\.168\.50\.7\/32.*new CA replaces it/);
  });

  it('replaces an unconstrained CA an older version left on disk, and says devices need the new ca.pem', () => {
    const old = createCertificate({ commonName: 'Provisioning Bench Sandbox CA', isCa: true, days: 3650 });
    writeFileSync(join(dir, 'ca.pem'), old.certificatePem);
    writeFileSync(join(dir, 'ca-key.pem'), old.privateKeyPem, { mode: 0o600 });
    expect(permittedNamesOf(old.certificatePem)).toBeUndefined();
    const notices: string[] = [];
    const now = ensureCertificates(dir, ['127.0.0.1'], (line) => notices.push(line));
    expect(now.caCertificatePem).not.toBe(old.certificatePem);
    expect(readFileSync(join(dir, 'ca-key.pem'), 'utf8')).not.toBe(old.privateKeyPem);
    expect(permittedNamesOf(now.caCertificatePem)).toEqual(['localhost', '127.0.0.0/8', '::1/128']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/could vouch for any host name.*Devices that trusted the old ca\.pem need the new one/);
  });
});
