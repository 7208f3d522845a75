import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { AppError } from '../../../src-shared/contract/result.ts';
import { splitHostPort } from './endpoint-http.ts';

export interface SandboxStreamRequest {
  host: string;
  authorization: string;
  extraCaPem: string | null;
  /** Resume after this sequence number; null starts at the stream's end. */
  since: number | null;
  /** How long to wait for the response headers. */
  timeoutMs: number;
}

/**
 * Opens `GET /sandbox/v1/events` (sandbox-only NDJSON stream) on one hub. Resolves with the open
 * response once the headers say 200; any other status becomes an AppError naming the status,
 * never echoing the Authorization header.
 */
export function openSandboxEventStream(options: SandboxStreamRequest): Promise<IncomingMessage> {
  const { host, port } = splitHostPort(options.host);
  const path = options.since === null ? '/sandbox/v1/events' : `/sandbox/v1/events?since=${options.since}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port: port ?? 443,
        path,
        method: 'GET',
        headers: { Authorization: options.authorization, Accept: 'application/x-ndjson' },
        ca: options.extraCaPem ? [...rootCertificates, options.extraCaPem] : undefined,
      },
      (res) => {
        req.setTimeout(0);
        if (res.statusCode === 200) {
          resolve(res);
          return;
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 2000) text += chunk;
        });
        res.on('end', () => reject(streamError(res.statusCode ?? 0, options.host, text)));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs, () => req.destroy(new AppError('unavailable', `The event stream of ${options.host} did not answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function streamError(status: number, host: string, body: string): AppError {
  let message = body.trim().slice(0, 300);
  try {
    const parsed = JSON.parse(body) as { Message?: string; message?: string };
    message = parsed.Message ?? parsed.message ?? message;
  } catch {
    // not JSON: keep the text
  }
  const code = status === 401 || status === 403 ? 'unauthorized' : status === 404 ? 'not_found' : 'unavailable';
  return new AppError(code, `The event stream of ${host} answered ${status}${message ? `: ${message}` : ''}`);
}
