import type { AzureTarget } from '../azure/client-factory.ts';
import { caList } from '../azure/device-transport-options.ts';

/**
 * What the fleet's devices trust. Against the sandbox: its own name-constrained CA only, since
 * those devices talk to nothing else and a TLS context with every public root costs each of
 * thousands of connections ~140 certificate parses. Against Azure: the public roots plus any CA
 * the profile adds (device-transport-options.ts), or the platform's roots when it adds none.
 */
export function fleetDeviceCa(target: AzureTarget): string | null {
  if (target.kind === 'sandbox') return target.extraCaPem;
  return caList(target.extraCaPem)?.join('\n') ?? null;
}
