import type { Query } from 'azure-iot-provisioning-service/dist/query.js';
import type { SandboxClients } from '../../bench/support/sandbox-clients.ts';

/** Fields that change when devices merely connect or time passes, not when stored data changes. */
const VOLATILE = new Set(['connectionState', 'connectionStateUpdatedTime', 'lastActivityTime', 'cloudToDeviceMessageCount']);

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !VOLATILE.has(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, stable(v)] as const);
    return Object.fromEntries(entries);
  }
  return value;
}

async function collect(query: Query): Promise<unknown[]> {
  const items: unknown[] = [];
  let token: string | undefined;
  do {
    const page = token === undefined ? await query.next() : await query.next(token);
    const body = page.responseBody as unknown as unknown[] | { items?: unknown[] };
    items.push(...(Array.isArray(body) ? body : (body.items ?? [])));
    token = query.hasMoreResults ? query.continuationToken : undefined;
  } while (token);
  return items;
}

export interface SandboxSnapshot {
  enrollments: unknown[];
  groups: unknown[];
  registrations: Record<string, unknown[]>;
  hubs: Record<string, { devices: unknown[]; twins: unknown[] }>;
}

/**
 * Everything the sandbox stores, read through the official SDKs: enrollments, groups, each group's
 * registrations, and per hub every device and twin (sorted, volatile connection fields dropped).
 */
export async function takeSnapshot(clients: SandboxClients): Promise<SandboxSnapshot> {
  const dps = clients.factory.provisioningService();
  const all = { query: 'SELECT *' };
  const enrollments = await collect(dps.createIndividualEnrollmentQuery(all, 100));
  const groups = (await collect(dps.createEnrollmentGroupQuery(all, 100))) as Array<{ enrollmentGroupId: string }>;
  const registrations: Record<string, unknown[]> = {};
  for (const g of groups) registrations[g.enrollmentGroupId] = await collect(dps.createEnrollmentGroupDeviceRegistrationStateQuery(all, g.enrollmentGroupId, 100));
  const hubs: SandboxSnapshot['hubs'] = {};
  for (const host of clients.factory.hubHosts()) {
    const registry = clients.factory.registry(host);
    const devices = ((await registry.list()).responseBody as Array<{ deviceId: string }>).sort((a, b) => a.deviceId.localeCompare(b.deviceId));
    const twins: unknown[] = [];
    for (const d of devices) {
      // The SDK's Twin holds a reference to its Registry, so copy the stored parts only.
      const { deviceId, etag, version, status, tags, properties } = (await registry.getTwin(d.deviceId)).responseBody as unknown as Record<string, unknown>;
      twins.push(JSON.parse(JSON.stringify({ deviceId, etag, version, status, tags, properties })) as unknown);
    }
    hubs[host] = { devices, twins };
  }
  return stable({ enrollments, groups, registrations, hubs }) as SandboxSnapshot;
}
