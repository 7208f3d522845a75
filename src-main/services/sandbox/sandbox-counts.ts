import type { Query as DpsQuery } from 'azure-iot-provisioning-service/dist/query.js';
import type { SandboxCounts } from '../../../src-shared/contract/channels/sandbox.ts';
import { AzureClientFactory, type AzureTarget } from '../azure/client-factory.ts';
import type { SandboxInfo } from './sandbox-info.ts';
import type { SandboxCountsReader } from './sandbox-service.ts';

const PAGE_SIZE = 1000;
const ALL = { query: 'SELECT *' };

/** Pages through a DPS query to its end; the token is passed explicitly (the SDK's promise form drops it). */
async function collectDps<T>(query: DpsQuery): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = token === undefined ? await query.next() : await query.next(token);
    // The service answers a bare JSON array; the SDK's typing says {items}. Accept both.
    const body = page.responseBody as unknown as T[] | { items?: T[] };
    items.push(...(Array.isArray(body) ? body : (body.items ?? [])));
    token = query.hasMoreResults ? query.continuationToken : undefined;
  } while (token);
  return items;
}

async function hubCount(factory: AzureClientFactory, hostName: string, where: string): Promise<number> {
  const page = await factory.registry(hostName).createQuery(`SELECT COUNT() AS total FROM devices${where}`, 1).next();
  const row = (page.result as unknown as Array<{ total?: number }>)[0];
  return row?.total ?? 0;
}

/**
 * Counts what the sandbox holds through the same SDK clients the console uses against Azure, so
 * the Sandbox page exercises the real code paths. `targetFor` turns the endpoints into a target.
 */
export function sdkCountsReader(targetFor: (info: SandboxInfo) => Promise<AzureTarget>): SandboxCountsReader {
  return async (info): Promise<SandboxCounts> => {
    const factory = new AzureClientFactory(await targetFor(info));
    const dps = factory.provisioningService();
    const [enrollments, groups] = await Promise.all([
      collectDps<{ registrationState?: unknown }>(dps.createIndividualEnrollmentQuery(ALL, PAGE_SIZE)),
      collectDps<{ enrollmentGroupId: string }>(dps.createEnrollmentGroupQuery(ALL, PAGE_SIZE)),
    ]);
    let registrations = enrollments.filter((e) => e.registrationState).length;
    for (const group of groups) {
      registrations += (await collectDps(dps.createEnrollmentGroupDeviceRegistrationStateQuery(ALL, group.enrollmentGroupId, PAGE_SIZE))).length;
    }
    const hubs = await Promise.all(
      factory.hubHosts().map(async (hostName) => ({
        hostName,
        devices: await hubCount(factory, hostName, ''),
        connectedDevices: await hubCount(factory, hostName, " WHERE connectionState = 'Connected'"),
      })),
    );
    return { enrollments: enrollments.length, enrollmentGroups: groups.length, registrations, hubs };
  };
}
