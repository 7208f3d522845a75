import type { ProvisioningServiceClient } from 'azure-iot-provisioning-service';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import { explainAzureError } from '../azure/explain-azure-error.ts';
import type { ProfilesService } from '../profiles/profiles-service.ts';

/**
 * How the enrollments area reaches a profile's DPS: through the profile's client factory (so the
 * sandbox and Azure differ only there), writing each call to the usage log and counting it as a
 * billable DPS operation. `run` passes SDK errors through untouched (the import reads 429's
 * Retry-After from them); `call` turns them into readable AppErrors.
 */
export interface DpsAccess {
  activeProfileId(): Promise<string>;
  clients(profileId: string): Promise<AzureClientFactory>;
  run<T>(profileId: string, what: string, fn: (dps: ProvisioningServiceClient, clients: AzureClientFactory) => Promise<T>, ops?: number): Promise<T>;
}

export function profilesDpsAccess(profiles: ProfilesService, countOps: (profileId: string, ops: number) => void): DpsAccess {
  return {
    activeProfileId: () => profiles.activeId(),
    clients: (profileId) => profiles.clientsFor(profileId),
    async run(profileId, what, fn, ops = 1) {
      const clients = await profiles.clientsFor(profileId);
      const started = performance.now();
      const host = clients.target.dps.host;
      try {
        const value = await fn(clients.provisioningService(), clients);
        await profiles.recordUse(profileId, { operation: what, host, outcome: 'ok', durationMs: Math.round(performance.now() - started) });
        return value;
      } catch (error) {
        const status = (error as { response?: { statusCode?: number } })?.response?.statusCode;
        await profiles.recordUse(profileId, { operation: what, host, outcome: 'error', errorCode: status ? String(status) : 'error', durationMs: Math.round(performance.now() - started) });
        throw error;
      } finally {
        countOps(profileId, ops);
      }
    },
  };
}

/** `run`, with SDK errors explained (host named, never a key). */
export async function callDps<T>(access: DpsAccess, profileId: string, what: string, fn: (dps: ProvisioningServiceClient, clients: AzureClientFactory) => Promise<T>, ops = 1): Promise<T> {
  let host = 'the DPS';
  try {
    return await access.run(
      profileId,
      what,
      (dps, clients) => {
        host = clients.target.dps.host;
        return fn(dps, clients);
      },
      ops,
    );
  } catch (error) {
    throw explainAzureError(error, host, what);
  }
}

/** The HTTP status of a failed SDK call, if it got that far. */
export function httpStatus(error: unknown): number | undefined {
  return (error as { response?: { statusCode?: number } })?.response?.statusCode;
}

/** Seconds the service asked to wait (Retry-After), if it said. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const value = (error as { response?: { headers?: Record<string, string | string[] | undefined> } })?.response?.headers?.['retry-after'];
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Access to one fixed target (a benchmark's sandbox, a test's): no profile switching, no usage log. */
export function factoryDpsAccess(profileId: string, factory: AzureClientFactory, countOps?: (profileId: string, ops: number) => void): DpsAccess {
  return {
    activeProfileId: async () => profileId,
    clients: async () => factory,
    async run(id, _what, fn, ops = 1) {
      try {
        return await fn(factory.provisioningService(), factory);
      } finally {
        countOps?.(id, ops);
      }
    },
  };
}
