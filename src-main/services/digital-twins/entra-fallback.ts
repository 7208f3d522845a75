import type { TokenCredential } from '@azure/identity';
import { DefaultAzureCredential } from '@azure/identity';

let shared: TokenCredential | undefined;

/**
 * ADT accepts only Entra ID tokens. A profile that reaches DPS and hubs with keys has no Entra
 * credential of its own, so ADT calls use the machine's (az login, environment, managed identity).
 */
export function createEntraFallback(): TokenCredential {
  shared ??= new DefaultAzureCredential();
  return shared;
}
