import { AppError } from '../../../src-shared/contract/result.ts';

const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
]);

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  response?: { statusCode?: number };
}

/**
 * Turns what an SDK call threw into an AppError whose message says what happened in words,
 * names the host (never a key), and suggests the next step. `what` reads like "reading enrollments".
 */
export function explainAzureError(error: unknown, host: string, what: string): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as SdkErrorLike;
  const status = e.response?.statusCode;
  const at = `${what} at ${host}`;
  if (status !== undefined) {
    switch (true) {
      case status === 401:
        return new AppError('unauthorized', `${at} was refused (401): the key or policy name is wrong, or the key was regenerated`);
      case status === 403:
        return new AppError('unauthorized', `${at} was refused (403): the policy or role does not grant the right this needs`);
      case status === 404:
        return new AppError('not_found', `${at}: not found (404)`);
      case status === 429:
        return new AppError('throttled', `${at} was throttled (429): too many requests; wait a moment and retry`);
      case status === 408 || status === 504:
        return new AppError('timeout', `${at} timed out on the service side (${status})`);
      case status === 412:
        return new AppError('precondition_failed', `${at}: the item changed since it was read (412); reload and retry`);
      case status === 409:
        return new AppError('conflict', `${at}: it already exists (409)`);
      case status >= 500:
        return new AppError('unavailable', `${at} failed on the service side (${status}); retry later`);
      case status === 400:
        return new AppError('validation', `${at} was rejected as malformed (400)`);
      default:
        return new AppError('internal', `${at} failed with HTTP ${status}`);
    }
  }
  const code = e.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new AppError('unavailable', `${at}: the host name cannot be resolved (DNS); check the spelling and the network`);
  if (code === 'ECONNREFUSED') return new AppError('unavailable', `${at}: nothing is listening there (connection refused)`);
  if (code === 'ETIMEDOUT' || e.name === 'EndpointTimeoutError') return new AppError('timeout', `${at}: no answer in time; the host may be unreachable or a firewall drops the traffic`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new AppError('unavailable', `${at}: the connection was cut (reset); a proxy or firewall may be in the way`);
  if (TLS_UNTRUSTED.has(code)) {
    return new AppError('unavailable', `${at}: TLS failed, the server's certificate is not trusted (${code}); if a proxy or private CA is expected, add its CA certificate to the profile`);
  }
  if (code === 'CERT_HAS_EXPIRED') return new AppError('unavailable', `${at}: TLS failed, the server's certificate has expired`);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new AppError('unavailable', `${at}: TLS failed, the certificate is for another host name`);
  if (e.name === 'CredentialUnavailableError' || e.name === 'AuthenticationRequiredError' || e.name === 'AuthenticationError') {
    return new AppError('unauthorized', `${at}: Entra ID sign-in did not give a token (${e.name}); sign in again or check tenant and client id`);
  }
  if (e.name === 'UnauthorizedError') return new AppError('unauthorized', `${at} was refused: the credentials are not accepted`);
  return new AppError('internal', `${at} failed${code ? ` (${code})` : ''}${e.name && e.name !== 'Error' ? ` (${e.name})` : ''}`);
}
