import type { Finding } from '../../../src-shared/contract/channels/timeline.ts';
import type { DpsHubSnapshot, RegistrationRecord } from './dps-hub-snapshot.ts';

const same = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();

export function findingId(kind: Finding['kind'], deviceId: string, hubHosts: string[], registrationId: string | null): string {
  return [kind, registrationId ?? '', deviceId, ...hubHosts].join('|');
}

function finding(kind: Finding['kind'], deviceId: string, hubHosts: string[], registrationId: string | null, summary: string, fix: string): Finding {
  return { id: findingId(kind, deviceId, hubHosts, registrationId), kind, registrationId, deviceId, hubHosts, summary, fix };
}

/**
 * Where DPS and the hubs disagree: a registration whose hub device is missing, a hub device no
 * registration accounts for, a disabled enrollment whose device is still enabled, a device id on
 * more than one hub. Each finding says what the fix will do; nothing is changed here.
 */
export function findMismatches(snapshot: DpsHubSnapshot): Finding[] {
  const findings: Finding[] = [];
  const assigned = snapshot.registrations.filter((r) => r.status === 'assigned' && r.assignedHub && r.deviceId);
  const onHub = (hubHost: string, deviceId: string) => snapshot.hubDevices.find((d) => same(d.hubHost, hubHost) && d.deviceId === deviceId);
  const accountedFor = (hubHost: string, deviceId: string) => assigned.some((r) => same(r.assignedHub, hubHost) && r.deviceId === deviceId);

  for (const r of assigned) {
    const device = onHub(r.assignedHub!, r.deviceId!);
    if (!device) {
      findings.push(finding('hub-device-missing', r.deviceId!, [r.assignedHub!], r.registrationId,
        `DPS assigned ${r.registrationId} to ${r.assignedHub} as ${r.deviceId}, but that hub has no such device.`,
        `Delete ${r.registrationId}'s registration record in DPS, so its next registration creates the hub device again.`));
    } else if (!r.enrollment.enabled && device.status === 'enabled') {
      findings.push(finding('enrollment-disabled', r.deviceId!, [r.assignedHub!], r.registrationId,
        `The ${r.enrollment.kind} enrollment ${r.enrollment.id} is disabled, but ${r.deviceId} is still enabled on ${r.assignedHub}.`,
        `Disable ${r.deviceId} on ${r.assignedHub}.`));
    }
  }
  const byDevice = new Map<string, string[]>();
  for (const d of snapshot.hubDevices) byDevice.set(d.deviceId, [...(byDevice.get(d.deviceId) ?? []), d.hubHost]);
  // A copy on a second hub of a device DPS placed elsewhere is reported once, as a duplicate.
  const duplicateOfAssigned = (deviceId: string) => byDevice.get(deviceId)!.length > 1 && assigned.some((r) => r.deviceId === deviceId);
  for (const d of snapshot.hubDevices) {
    if (d.status === 'enabled' && !accountedFor(d.hubHost, d.deviceId) && !duplicateOfAssigned(d.deviceId)) {
      findings.push(finding('no-enrollment', d.deviceId, [d.hubHost], null,
        `${d.deviceId} on ${d.hubHost} has no DPS registration that assigned it there.`,
        `Disable ${d.deviceId} on ${d.hubHost} (it can be enabled again).`));
    }
  }
  for (const [deviceId, hubs] of byDevice) {
    if (hubs.length < 2) continue;
    const keep = keptHub(deviceId, hubs, assigned);
    findings.push(finding('duplicate-across-hubs', deviceId, hubs, assigned.find((r) => r.deviceId === deviceId)?.registrationId ?? null,
      `${deviceId} exists on ${hubs.length} hubs: ${hubs.join(', ')}.`,
      `Delete ${deviceId} from ${hubs.filter((h) => h !== keep).join(', ')}; keep it on ${keep}${assigned.some((r) => r.deviceId === deviceId) ? ', where DPS assigned it' : ''}.`));
  }
  return findings;
}

/** The hub a duplicated device stays on: where DPS assigned it, else the first in profile order. */
export function keptHub(deviceId: string, hubs: string[], assigned: RegistrationRecord[]): string {
  const record = assigned.find((r) => r.deviceId === deviceId && hubs.some((h) => same(r.assignedHub, h)));
  return record ? hubs.find((h) => same(record.assignedHub, h))! : hubs[0]!;
}
