import { z } from 'zod';
import type { SandboxCounts } from '../../../src-shared/contract/channels/sandbox.ts';
import { AzureClientFactory, type AzureTarget } from '../azure/client-factory.ts';
import type { SandboxInfo } from './sandbox-info.ts';
import type { SandboxCountsReader } from './sandbox-service.ts';

// The sandbox-only stats bodies (src-main/sandbox/README.md, "Sandbox-only API"); extra fields are ignored.
const count = z.number().int().nonnegative();
const dpsStatsSchema = z.object({ individualEnrollments: count, enrollmentGroups: count, registrations: z.object({ total: count }) });
const hubStatsSchema = z.object({ deviceCount: count, connectedDeviceCount: count });

/**
 * Counts what the sandbox holds from its own stats endpoints (SQL COUNTs on the DPS and each hub):
 * counts are only ever shown for the sandbox, and paging every enrollment and every group's
 * registrations through the SDK to count them took seconds at 100k. The calls still go through
 * the client factory (host:port, the sandbox CA, the profile's keys). `targetFor` turns the
 * endpoints into a target.
 */
export function sandboxStatsCountsReader(targetFor: (info: SandboxInfo) => Promise<AzureTarget>): SandboxCountsReader {
  return async (info): Promise<SandboxCounts> => {
    const factory = new AzureClientFactory(await targetFor(info));
    const [dps, hubs] = await Promise.all([
      factory.sandboxStats(factory.target.dps.host).then((body) => dpsStatsSchema.parse(body)),
      Promise.all(
        factory.hubHosts().map(async (hostName) => {
          const stats = hubStatsSchema.parse(await factory.sandboxStats(hostName));
          return { hostName, devices: stats.deviceCount, connectedDevices: stats.connectedDeviceCount };
        }),
      ),
    ]);
    return { enrollments: dps.individualEnrollments, enrollmentGroups: dps.enrollmentGroups, registrations: dps.registrations.total, hubs };
  };
}
