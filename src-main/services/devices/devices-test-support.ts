import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, type TestHub } from '../../sandbox/hub/test-support.ts';
import { AzureClientFactory, type AzureTarget } from '../azure/client-factory.ts';
import { EventLog } from '../event-log/event-log.ts';
import { ConsoleStore } from '../store/console-store.ts';
import type { BulkProfiles } from './bulk/bulk-service.ts';
import { DevicesStore } from './devices-store.ts';

/** A sandbox hub (real TLS, real SDKs) as the active profile, with a console store in a temp dir. */
export interface DevicesTestBed {
  hub: TestHub;
  factory: AzureClientFactory;
  profiles: BulkProfiles;
  store: ConsoleStore;
  devicesStore: DevicesStore;
  eventLog: EventLog;
  close(): Promise<void>;
}

export function sandboxTargetFor(hub: TestHub): AzureTarget {
  const endpoint = { host: hub.hostName, auth: { kind: 'sas' as const, policyName: 'iothubowner', key: hub.ownerKey } };
  return { profileId: 'sandbox', kind: 'sandbox', dps: endpoint, idScope: 'x', deviceProvisioningHost: hub.hostName, hubs: [endpoint], extraCaPem: hub.tls.caPem };
}

export async function startDevicesTestBed(): Promise<DevicesTestBed> {
  const hub = await startTestHub();
  const factory = new AzureClientFactory(sandboxTargetFor(hub));
  const dir = mkdtempSync(join(tmpdir(), 'devices-store-'));
  const store = new ConsoleStore(dir);
  const eventLog = new EventLog(store);
  const devicesStore = new DevicesStore(store);
  const profiles: BulkProfiles = {
    clientsFor: async () => factory,
    activeId: async () => 'sandbox',
    activeClients: async () => factory,
    useActive: (_what, run) => run(factory),
  };
  return {
    hub,
    factory,
    profiles,
    store,
    devicesStore,
    eventLog,
    close: async () => {
      await hub.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
