import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A CA and a leaf for 127.0.0.1/localhost, made with the openssl CLI; for tests only. */
export function makeTestCertificates(): { caPem: string; keyPem: string; certPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tls-test-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Bench Test CA');
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost');
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
    run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'ext.cnf');
    return { caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'leaf.key'), 'utf8'), certPem: readFileSync(join(dir, 'leaf.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Route = (req: RecordedRequest, res: ServerResponse) => void;

/**
 * An HTTPS server that checks service SAS tokens the way IoT Hub and DPS do (HMAC over the sr as
 * sent), so a test proves the factory signs with the right key for the right host:port.
 */
export async function startTlsServer(certs: { keyPem: string; certPem: string }, policies: Record<string, string>, route: Route): Promise<{ host: string; requests: RecordedRequest[]; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      if (!sasIsValid(String(req.headers.authorization ?? ''), policies)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ Message: 'ErrorCode:IotHubUnauthorizedAccess;Unauthorized' }));
        return;
      }
      route(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function sasIsValid(header: string, policies: Record<string, string>): boolean {
  const match = /^SharedAccessSignature (.+)$/.exec(header);
  if (!match) return false;
  const fields = new Map(match[1]!.split('&').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
  const key = policies[fields.get('skn') ?? ''];
  if (!key) return false;
  const expected = createHmac('sha256', Buffer.from(key, 'base64')).update(`${fields.get('sr')}\n${fields.get('se')}`).digest('base64');
  return decodeURIComponent(fields.get('sig') ?? '') === expected;
}

export function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
}
