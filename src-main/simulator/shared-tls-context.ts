import { createRequire } from 'node:module';
import type * as Tls from 'node:tls';
import type { ConnectionOptions, SecureContext, TLSSocket } from 'node:tls';

/**
 * Every device connection carries the same `ca` (MqttBase forwards only that, never a prepared
 * context), and Node builds a fresh SecureContext for each — parsing the CA list and holding an
 * X509 store per socket, which at thousands of devices is most of the fleet's memory and much of
 * its CPU. Inside the fleet process only, `tls.connect` gets one shared context per CA text.
 * Connections with their own certificate (X.509 devices) keep Node's own path.
 */
const require = createRequire(import.meta.url);
const tls = require('node:tls') as typeof Tls;

let installed = false;

export function installSharedTlsContext(): void {
  if (installed) return;
  installed = true;
  const contexts = new Map<string, SecureContext>();
  const original = tls.connect as unknown as (...args: unknown[]) => TLSSocket;
  tls.connect = ((...args: unknown[]): TLSSocket => {
    const options = args[0] as ConnectionOptions | undefined;
    const shareable = typeof options === 'object' && options !== null && typeof options.ca === 'string' && !options.secureContext && !options.cert && !options.key && !options.pfx;
    if (!shareable) return original.apply(tls, args);
    const ca = options.ca as string;
    let context = contexts.get(ca);
    if (!context) {
      context = tls.createSecureContext({ ca });
      contexts.set(ca, context);
    }
    return original.call(tls, { ...options, secureContext: context }, ...args.slice(1));
  }) as typeof tls.connect;
}
