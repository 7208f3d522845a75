import { rootCertificates } from 'node:tls';
import type { SdkHttp, SdkHttpClass } from './sdk-modules.ts';

export interface EndpointHttpOptions {
  /** Extra trusted CA (PEM), added to the public roots rather than replacing them. */
  extraCaPem: string | null;
  /** Socket idle limit per request; the SDKs set none, so a dead endpoint would hang forever. */
  timeoutMs: number;
}

/** Splits "host:port" (the sandbox, a private service) into its parts; a bare host has no port. */
export function splitHostPort(host: string): { host: string; port: number | undefined } {
  const match = /^(.*):(\d{1,5})$/.exec(host);
  return match ? { host: match[1]!, port: Number(match[2]) } : { host, port: undefined };
}

export class EndpointTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'EndpointTimeoutError';
  }
}

/**
 * Subclasses the SDK's own Http so its RestApiClient can reach "host:port" and trust an extra CA
 * (azure-wire.md §5 approach A). The SDK puts HostName verbatim into https.request({host}) and
 * its constructors replace any options set before, so both fixes live here, per instance, and no
 * global (agent, NODE_EXTRA_CA_CERTS) is touched.
 */
export function endpointHttpClass(Base: SdkHttpClass): new (options: EndpointHttpOptions) => SdkHttp {
  return class EndpointHttp extends (Base as new () => SdkHttp) {
    private readonly endpoint: EndpointHttpOptions;
    private readonly ca: string[] | undefined;

    constructor(options: EndpointHttpOptions) {
      super();
      this.endpoint = options;
      this.ca = options.extraCaPem ? [...rootCertificates, options.extraCaPem] : undefined;
      this.setOptions({});
    }

    override setOptions(options: Record<string, unknown>): void {
      super.setOptions(this.ca ? { ...options, ca: this.ca } : options);
    }

    override buildRequest(method: string, path: string, headers: Record<string, unknown>, host: unknown, options: unknown, done?: unknown) {
      let requestOptions = options;
      let callback = done;
      let target = host;
      if (typeof host === 'string') {
        const split = splitHostPort(host);
        if (split.port !== undefined) {
          target = split.host;
          if (typeof options === 'function') {
            callback = options;
            requestOptions = { port: split.port };
          } else if (options === undefined || options === null) {
            requestOptions = { port: split.port };
          } else if (typeof options === 'object' && !isX509(options)) {
            requestOptions = { ...(options as object), port: split.port };
          }
        }
      }
      const request = super.buildRequest(method, path, headers, target, requestOptions, callback);
      const ms = this.endpoint.timeoutMs;
      request.setTimeout(ms, () => request.destroy(new EndpointTimeoutError(ms)));
      return request;
    }
  };
}

function isX509(options: object): boolean {
  return 'cert' in options || 'key' in options || 'clientCertEngine' in options;
}
