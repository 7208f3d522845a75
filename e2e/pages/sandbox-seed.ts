import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

/**
 * Puts an individual enrollment into a console's sandbox from outside the console, over the DPS
 * service REST API with the sandbox's own owner key (read from its data dir, as an operator's
 * script would), so the Sandbox page has something real to count.
 */
export function createEnrollment(consoleDataDir: string, provisioningHost: string, caPath: string, registrationId: string): Promise<number> {
  return dpsPut(consoleDataDir, provisioningHost, caPath, `/enrollments/${registrationId}`, { registrationId, attestation: { type: 'symmetricKey' } });
}

/** A symmetric-key enrollment group, made the same way (the simulator's fleets come from one). */
export function createEnrollmentGroup(consoleDataDir: string, provisioningHost: string, caPath: string, enrollmentGroupId: string): Promise<number> {
  return dpsPut(consoleDataDir, provisioningHost, caPath, `/enrollmentGroups/${enrollmentGroupId}`, { enrollmentGroupId, attestation: { type: 'symmetricKey' } });
}

async function dpsPut(consoleDataDir: string, provisioningHost: string, caPath: string, path: string, document: object): Promise<number> {
  const config = JSON.parse(readFileSync(join(consoleDataDir, 'sandbox', 'sandbox.json'), 'utf8')) as { dps: { primaryKey: string } };
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const sig = createHmac('sha256', Buffer.from(config.dps.primaryKey, 'base64')).update(`${provisioningHost}\n${expiry}`).digest('base64');
  const authorization = `SharedAccessSignature sr=${provisioningHost}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=provisioningserviceowner`;
  const [host, port] = provisioningHost.split(':');
  const body = JSON.stringify(document);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port: Number(port),
        method: 'PUT',
        path: `${path}?api-version=2021-10-01`,
        ca: readFileSync(caPath, 'utf8'),
        headers: { Authorization: authorization, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
