import { isIP } from 'node:net';

/**
 * Whether a webhook URL points at this machine, where plain http is acceptable (a local functions
 * host): a literal loopback address or `localhost` itself. Not `*.localhost`: resolvers outside
 * systemd/browsers send those names to DNS, where they can point anywhere.
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
