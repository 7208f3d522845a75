import type { AzureClientFactory } from '../azure/client-factory.ts';
import { allPages, type QueryLike } from './sdk-pages.ts';

/** One registration record DPS keeps: which hub and device id a registration id was given. */
export interface RegistrationRecord {
  registrationId: string;
  enrollment: { kind: 'individual' | 'group'; id: string; enabled: boolean };
  status: string;
  assignedHub: string | null;
  deviceId: string | null;
  etag: string | null;
}

export interface HubDevice {
  hubHost: string;
  deviceId: string;
  status: 'enabled' | 'disabled';
}

/** What DPS and the hubs hold, read once through the SDKs, for reconciliation. */
export interface DpsHubSnapshot {
  /** Individual enrollment registration ids and group ids, with whether each is enabled. */
  enrollments: Array<{ kind: 'individual' | 'group'; id: string; enabled: boolean }>;
  registrations: RegistrationRecord[];
  hubDevices: HubDevice[];
  hubHosts: string[];
}

const PAGE = 100;

interface StateBody {
  registrationId: string;
  status?: string;
  assignedHub?: string;
  deviceId?: string;
  etag?: string;
}

function record(state: StateBody, enrollment: RegistrationRecord['enrollment']): RegistrationRecord {
  return { registrationId: state.registrationId, enrollment, status: state.status ?? 'unknown', assignedHub: state.assignedHub ?? null, deviceId: state.deviceId ?? null, etag: state.etag ?? null };
}

/** Reads every enrollment, registration record and hub device of the profile's DPS and hubs. */
export async function readSnapshot(clients: AzureClientFactory): Promise<DpsHubSnapshot> {
  const dps = clients.provisioningService();
  const all = { query: 'SELECT *' };
  const individuals = await allPages<{ registrationId: string; provisioningStatus?: string; registrationState?: StateBody }>(dps.createIndividualEnrollmentQuery(all, PAGE) as unknown as QueryLike);
  const groups = await allPages<{ enrollmentGroupId: string; provisioningStatus?: string }>(dps.createEnrollmentGroupQuery(all, PAGE) as unknown as QueryLike);
  const enrollments: DpsHubSnapshot['enrollments'] = [
    ...individuals.map((e) => ({ kind: 'individual' as const, id: e.registrationId, enabled: e.provisioningStatus !== 'disabled' })),
    ...groups.map((g) => ({ kind: 'group' as const, id: g.enrollmentGroupId, enabled: g.provisioningStatus !== 'disabled' })),
  ];
  const registrations: RegistrationRecord[] = [];
  for (const e of individuals) {
    if (e.registrationState) registrations.push(record({ ...e.registrationState, registrationId: e.registrationId }, { kind: 'individual', id: e.registrationId, enabled: e.provisioningStatus !== 'disabled' }));
  }
  for (const g of groups) {
    const states = await allPages<StateBody>(dps.createEnrollmentGroupDeviceRegistrationStateQuery(all, g.enrollmentGroupId, PAGE) as unknown as QueryLike);
    for (const state of states) registrations.push(record(state, { kind: 'group', id: g.enrollmentGroupId, enabled: g.provisioningStatus !== 'disabled' }));
  }
  const hubHosts = clients.hubHosts();
  const hubDevices: HubDevice[] = [];
  for (const hubHost of hubHosts) {
    const devices = await allPages<{ deviceId: string; status?: string }>(clients.registry(hubHost).createQuery('SELECT * FROM devices', PAGE) as unknown as QueryLike);
    for (const d of devices) hubDevices.push({ hubHost, deviceId: d.deviceId, status: d.status === 'disabled' ? 'disabled' : 'enabled' });
  }
  return { enrollments, registrations, hubDevices, hubHosts };
}
