import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBody } from '../server/http-io.ts';
import { parseSasToken, verifySas } from '../server/sas.ts';
import { DpsError, DpsErrorCode } from './dps-errors.ts';
import { isKnownApiVersion } from '../server/api-version.ts';

/** The service's REST API is versioned by date; the SDK sends 2021-10-01, the portal others. */
/** DPS's first GA service API. */
const FIRST_API_VERSION = '2017-08-31';
export const SERVICE_API_VERSION = '2021-10-01';

export function checkApiVersion(url: URL): void {
  const version = url.searchParams.get('api-version');
  if (!version) throw new DpsError(DpsErrorCode.invalidApiVersion, "The api-version query parameter is required (for example api-version=2021-10-01).");
  if (!isKnownApiVersion(version, FIRST_API_VERSION)) {
    throw new DpsError(DpsErrorCode.invalidApiVersion, `The api-version '${version.slice(0, 40)}' is not supported. Use a dated version such as ${SERVICE_API_VERSION}.`);
  }
}

export interface ServiceCredentials {
  /** The host the SDK puts in `sr`: the DPS host name exactly as in the connection string. */
  host: string;
  policyName: string;
  keys: string[];
}

/** Service SAS: skn must name the owner policy and the signature must match one of its keys. */
export function checkServiceAuthorization(req: IncomingMessage, credentials: ServiceCredentials): void {
  const token = parseSasToken(req.headers.authorization);
  if (!token) throw new DpsError(DpsErrorCode.unauthorized, 'Unauthorized: missing or malformed SharedAccessSignature in the Authorization header.');
  if (token.skn !== credentials.policyName) throw new DpsError(DpsErrorCode.unauthorized, 'Unauthorized: unknown shared access policy.');
  const results = credentials.keys.map((key) => verifySas(token, key, credentials.host));
  if (results.some((result) => result.ok)) return;
  const reason = results.find((result) => !result.ok && result.reason === 'expired') ? 'the token has expired' : 'the signature does not match';
  throw new DpsError(DpsErrorCode.unauthorized, `Unauthorized: ${reason}.`);
}

/** Reads a JSON body; empty → undefined. Malformed → 400 naming the problem. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new DpsError(DpsErrorCode.payloadTooLarge, 'Request body is too large.');
    throw error;
  }
  const text = raw.toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DpsError(DpsErrorCode.badRequest, 'Request body is not valid JSON.');
  }
}

/** If-Match as the SDKs send it: the quoted etag verbatim, or "*" / * for any. */
export function ifMatch(req: IncomingMessage): string | undefined {
  const value = req.headers['if-match'];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function etagMatches(condition: string, etag: string): boolean {
  if (condition === '*' || condition === '"*"') return true;
  const unquote = (value: string) => value.replace(/^W\//, '').replace(/^"|"$/g, '');
  return unquote(condition) === unquote(etag);
}

export interface PageRequest {
  pageSize: number;
  after: string;
}

const MAX_PAGE = 10_000;

export function pageRequest(req: IncomingMessage): PageRequest {
  const rawSize = req.headers['x-ms-max-item-count'];
  let pageSize = 1000;
  if (typeof rawSize === 'string' && rawSize !== '') {
    const parsed = Number(rawSize);
    if (!Number.isInteger(parsed) || parsed < 1) throw new DpsError(DpsErrorCode.badRequest, 'x-ms-max-item-count must be a positive integer.');
    pageSize = Math.min(parsed, MAX_PAGE);
  }
  const token = req.headers['x-ms-continuation'];
  let after = '';
  if (typeof token === 'string' && token !== '') {
    after = Buffer.from(token, 'base64url').toString('utf8');
    if (!after) throw new DpsError(DpsErrorCode.badRequest, 'x-ms-continuation is not a continuation token from this service.');
  }
  return { pageSize, after };
}

/** The continuation header for the next page, or none when this page was the last. */
export function continuationHeaders(lastId: string | undefined, returned: number, pageSize: number): Record<string, string> {
  return lastId !== undefined && returned === pageSize ? { 'x-ms-continuation': Buffer.from(lastId, 'utf8').toString('base64url') } : {};
}

export function queryBody(body: unknown): void {
  if (body === undefined) return;
  if (typeof body !== 'object' || body === null || typeof (body as { query?: unknown }).query !== 'string') {
    throw new DpsError(DpsErrorCode.badRequest, 'Query body must be {"query": "*"}.');
  }
}
