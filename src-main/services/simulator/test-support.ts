import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../../events/event-bus.ts';
import { startTestSandbox, type TestSandbox } from '../../sandbox/dps/dps-test-clients.ts';
import { AzureClientFactory } from '../azure/client-factory.ts';
import { EventLog } from '../event-log/event-log.ts';
import { sandboxTarget } from '../profiles/profile-targets.ts';
import { ConsoleStore } from '../store/console-store.ts';
import { SimulatorService, type SimulatorServiceOptions } from './simulator-service.ts';
import type { SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';

/**
 * A simulator service on a real sandbox (in this process) with a real console store and event
 * log, for tests here and in other areas (digital twins, timeline). The profile is the sandbox.
 */
export interface SimulatorHarness {
  sandbox: TestSandbox;
  clients: AzureClientFactory;
  store: ConsoleStore;
  eventLog: EventLog;
  events: EventBus;
  simulator: SimulatorService;
  /** Resolves once `check(status)` holds, polling on status pushes; rejects after `timeoutMs` with the last status. */
  waitFor(check: (status: SimulatorStatus) => boolean, timeoutMs?: number): Promise<SimulatorStatus>;
  dispose(): Promise<void>;
}

export async function startSimulatorHarness(options: Partial<SimulatorServiceOptions> = {}): Promise<SimulatorHarness> {
  const sandbox = await startTestSandbox();
  const clients = new AzureClientFactory(await sandboxTarget(sandbox.sandbox));
  const dir = mkdtempSync(join(tmpdir(), 'pb-simulator-'));
  const store = new ConsoleStore(dir);
  const eventLog = new EventLog(store);
  const events = new EventBus();
  const profiles = { activeId: async () => 'sandbox', clientsFor: async () => clients };
  const simulator = new SimulatorService({ profiles, eventLog, store, events, ...options });
  const waitFor = (check: (status: SimulatorStatus) => boolean, timeoutMs = 30_000) =>
    new Promise<SimulatorStatus>((resolve, reject) => {
      if (check(simulator.status())) return resolve(simulator.status());
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out; last status ${JSON.stringify({ ...simulator.status(), history: undefined })}`));
      }, timeoutMs);
      const off = simulator.onStatus((status) => {
        if (!check(status)) return;
        clearTimeout(timer);
        off();
        resolve(status);
      });
    });
  return {
    sandbox,
    clients,
    store,
    eventLog,
    events,
    simulator,
    waitFor,
    async dispose() {
      await simulator.dispose();
      store.close();
      await sandbox.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
