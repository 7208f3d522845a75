import { createHash } from 'node:crypto';
import type { HubProvisioningPort } from '../hub/provisioning-port.ts';
import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type { EnrollmentCommon } from './enrollment-model.ts';

/** Stable across restarts and processes, so a device re-registering lands where it did before. */
function stableIndex(registrationId: string, count: number): number {
  return createHash('sha256').update(registrationId, 'utf8').digest().readUInt32BE(0) % count;
}

/** The hubs an enrollment may use: its iotHubs list when set, else every linked hub. */
export function candidateHubs(enrollment: EnrollmentCommon, hubs: HubProvisioningPort[]): HubProvisioningPort[] {
  if (!enrollment.iotHubs?.length) return hubs;
  const wanted = new Set(enrollment.iotHubs.map((hub) => hub.toLowerCase()));
  return hubs.filter((hub) => wanted.has(hub.hostName.toLowerCase()));
}

export function hubByName(hubs: HubProvisioningPort[], hostName: string): HubProvisioningPort | undefined {
  return hubs.find((hub) => hub.hostName.toLowerCase() === hostName.toLowerCase());
}

/** Hashed, lowest-latency and static policies; custom goes through the webhook instead. */
export function allocateBuiltIn(enrollment: EnrollmentCommon, registrationId: string, hubs: HubProvisioningPort[]): HubProvisioningPort {
  const candidates = candidateHubs(enrollment, hubs);
  if (candidates.length === 0) throw new DpsError(DpsErrorCode.badRequest, 'No linked IoT hub is available for this enrollment.');
  // An enrollment that names a hub but no policy is pinned to it, as with the older service API.
  const policy = enrollment.allocationPolicy ?? (enrollment.iotHubHostName ? 'static' : 'hashed');
  if (policy === 'static') {
    const name = enrollment.iotHubHostName ?? enrollment.iotHubs?.[0] ?? (hubs.length === 1 ? hubs[0]?.hostName : undefined);
    const hub = name ? hubByName(hubs, name) : undefined;
    if (!hub) throw new DpsError(DpsErrorCode.badRequest, `The enrollment's static hub '${name ?? ''}' is not linked to this provisioning service.`);
    return hub;
  }
  if (policy === 'geoLatency') {
    const lowest = Math.min(...candidates.map((hub) => hub.latencyMs));
    const nearest = candidates.filter((hub) => hub.latencyMs === lowest);
    return nearest[stableIndex(registrationId, nearest.length)] as HubProvisioningPort;
  }
  return candidates[stableIndex(registrationId, candidates.length)] as HubProvisioningPort;
}
