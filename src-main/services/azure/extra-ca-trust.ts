import tls from 'node:tls';

const added = new Set<string>();

/**
 * Adds a CA to this process's default trust, for the clients that take no CA option
 * (`@azure/event-hubs`, the service Client's AMQP side; amqp-wire.md §1). Only the sandbox CA
 * comes here, and it is name-constrained to localhost and loopback addresses
 * (sandbox/server/name-constraints.ts), so it vouches for nothing beyond this machine.
 */
export function trustExtraCa(caPem: string | null): void {
  if (!caPem || added.has(caPem)) return;
  const current = tls.getCACertificates('default');
  if (!current.includes(caPem)) tls.setDefaultCACertificates([...current, caPem]);
  added.add(caPem);
}
