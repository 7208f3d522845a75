import type { Finding } from '../../../src-shared/contract/channels/timeline.ts';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import { explainAzureError } from '../azure/explain-azure-error.ts';
import type { EventLog } from '../event-log/event-log.ts';
import { readSnapshot, type DpsHubSnapshot } from './dps-hub-snapshot.ts';
import { findMismatches, keptHub } from './find-mismatches.ts';

/** How the service reaches the active profile's SDK clients (ProfilesService.useActive). */
export interface ReconcileDeps {
  activeId(): Promise<string>;
  useActive<T>(operation: string, run: (clients: AzureClientFactory) => Promise<T>): Promise<T>;
  eventLog: EventLog;
}

/**
 * DPS ↔ hub reconciliation through the SDKs. A scan only reads. A fix is applied only when the
 * operator confirmed it, and only if a fresh scan still shows the same finding; each applied fix
 * is written to the event log.
 */
export class ReconciliationService {
  private readonly deps: ReconcileDeps;

  constructor(deps: ReconcileDeps) {
    this.deps = deps;
  }

  async scan(): Promise<{ findings: Finding[]; scannedAt: number }> {
    const snapshot = await this.deps.useActive('reconcile: scan DPS and hubs', (clients) => explained(clients, 'reading enrollments, registrations and hub devices', () => readSnapshot(clients)));
    return { findings: findMismatches(snapshot), scannedAt: Date.now() };
  }

  async fix(id: string): Promise<{ fixed: boolean; message: string }> {
    const profileId = await this.deps.activeId();
    return this.deps.useActive('reconcile: fix', async (clients) => {
      const snapshot = await explained(clients, 'reading enrollments, registrations and hub devices', () => readSnapshot(clients));
      const finding = findMismatches(snapshot).find((f) => f.id === id);
      if (!finding) return { fixed: false, message: 'That finding is no longer there (fixed elsewhere, or DPS and the hubs changed).' };
      const message = await explained(clients, `fixing "${finding.kind}" for ${finding.deviceId}`, () => applyFix(clients, finding, snapshot));
      this.deps.eventLog.append(profileId, {
        kind: finding.kind === 'duplicate-across-hubs' ? 'device-deleted' : 'note',
        source: 'console',
        registrationId: finding.registrationId,
        deviceId: finding.deviceId,
        hubHost: finding.hubHosts[0] ?? null,
        outcome: 'ok',
        detail: { action: 'reconcile-fix', finding: finding.kind, result: message },
      });
      return { fixed: true, message };
    });
  }
}

/** SDK failures in words naming the DPS host (never a key). */
async function explained<T>(clients: AzureClientFactory, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw explainAzureError(error, clients.target.dps.host, what);
  }
}

async function disable(clients: AzureClientFactory, hubHost: string, deviceId: string): Promise<void> {
  const registry = clients.registry(hubHost);
  const { responseBody: device } = await registry.get(deviceId);
  await registry.update({ ...device, status: 'disabled' } as never);
}

async function applyFix(clients: AzureClientFactory, finding: Finding, snapshot: DpsHubSnapshot): Promise<string> {
  switch (finding.kind) {
    case 'hub-device-missing':
      await clients.provisioningService().deleteDeviceRegistrationState(finding.registrationId!);
      return `deleted the registration record of ${finding.registrationId}`;
    case 'enrollment-disabled':
    case 'no-enrollment':
      await disable(clients, finding.hubHosts[0]!, finding.deviceId);
      return `disabled ${finding.deviceId} on ${finding.hubHosts[0]}`;
    case 'duplicate-across-hubs': {
      const assigned = snapshot.registrations.filter((r) => r.status === 'assigned');
      const keep = keptHub(finding.deviceId, finding.hubHosts, assigned);
      const remove = finding.hubHosts.filter((h) => h !== keep);
      for (const hubHost of remove) await clients.registry(hubHost).delete(finding.deviceId);
      return `deleted ${finding.deviceId} from ${remove.join(', ')}; kept on ${keep}`;
    }
  }
}
