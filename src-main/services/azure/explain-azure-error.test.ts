import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/result.ts';
import { explainAzureError } from './explain-azure-error.ts';

const http = (statusCode: number) => Object.assign(new Error('Error: {"Message":"x"}'), { response: { statusCode } });
const net = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
const named = (name: string) => Object.assign(new Error('x'), { name });

describe('explainAzureError', () => {
  it.each([
    [http(401), 'unauthorized', 'Reading at h.net was refused (401): the key or policy name is wrong, or the key was regenerated'],
    [http(403), 'unauthorized', 'Reading at h.net was refused (403): the policy or role does not grant the right this needs'],
    [http(404), 'not_found', 'Reading at h.net: not found (404)'],
    [http(409), 'conflict', 'Reading at h.net: it already exists (409)'],
    [http(412), 'precondition_failed', 'Reading at h.net: the item changed since it was read (412); reload and retry'],
    [http(429), 'throttled', 'Reading at h.net was throttled (429): too many requests; wait a moment and retry'],
    [http(504), 'timeout', 'Reading at h.net timed out on the service side (504)'],
    [http(503), 'unavailable', 'Reading at h.net failed on the service side (503); retry later'],
    [http(400), 'validation', 'Reading at h.net was rejected as malformed (400)'],
    [http(418), 'internal', 'Reading at h.net failed with HTTP 418'],
    [net('EAI_AGAIN'), 'unavailable', 'Reading at h.net: the host name cannot be resolved (DNS); check the spelling and the network'],
    [net('ECONNRESET'), 'unavailable', 'Reading at h.net: the connection was cut (reset); a proxy or firewall may be in the way'],
    [net('CERT_HAS_EXPIRED'), 'unavailable', "Reading at h.net: TLS failed, the server's certificate has expired"],
    [net('ERR_TLS_CERT_ALTNAME_INVALID'), 'unavailable', 'Reading at h.net: TLS failed, the certificate is for another host name'],
    [named('CredentialUnavailableError'), 'unauthorized', 'Reading at h.net: Entra ID sign-in did not give a token (CredentialUnavailableError); sign in again or check tenant and client id'],
    [named('UnauthorizedError'), 'unauthorized', 'Reading at h.net was refused: the credentials are not accepted'],
    [new Error('weird'), 'internal', 'Reading at h.net failed'],
  ])('explains %s', (error, code, message) => {
    const explained = explainAzureError(error, 'h.net', 'Reading');
    expect([explained.code, explained.message]).toEqual([code, message]);
  });

  it('never repeats what the SDK said (it may quote a response body)', () => {
    const error = Object.assign(new Error('SharedAccessSignature sr=x&sig=abc'), { response: { statusCode: 401 } });
    expect(explainAzureError(error, 'h.net', 'Reading').message).not.toContain('sig=');
  });

  it('passes AppErrors through unchanged', () => {
    const original = new AppError('not_found', 'kept');
    expect(explainAzureError(original, 'h.net', 'Reading')).toBe(original);
  });
});
