import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

/**
 * Puts an individual enrollment into a console's sandbox from outside the console, over the DPS
 * service REST API with the sandbox's own owner key (read from its data dir, as an operator's
 * script would), so the Sandbox page has something real to count.
 */
export async function createEnrollment(consoleDataDir: string, provisioningHost: string, caPath: string, registrationId: string): Promise<number> {
  const body = { registrationId, attestation: { type: 'symmetricKey' } };
  return (await dpsServicePut(consoleDataDir, provisioningHost, caPath, `/enrollments/${registrationId}`, body)).status;
}

/** A symmetric-key enrollment group, made the same way (the simulator's fleets come from one). */
export async function createEnrollmentGroup(consoleDataDir: string, provisioningHost: string, caPath: string, enrollmentGroupId: string): Promise<number> {
  return (await dpsServicePut(consoleDataDir, provisioningHost, caPath, `/enrollmentGroups/${enrollmentGroupId}`, { enrollmentGroupId, attestation: { type: 'symmetricKey' } })).status;
}

/** A PUT on the sandbox DPS service REST API, signed with its owner key from the console's data dir. */
export async function dpsServicePut(consoleDataDir: string, provisioningHost: string, caPath: string, path: string, document: unknown): Promise<{ status: number; text: string }> {
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
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
