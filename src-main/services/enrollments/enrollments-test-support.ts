import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../../events/event-bus.ts';
import { startTestSandbox, type TestSandbox } from '../../sandbox/dps/dps-test-clients.ts';
import type { SandboxOptions } from '../../sandbox/sandbox.ts';
import { AzureClientFactory } from '../azure/client-factory.ts';
import { EventLog } from '../event-log/event-log.ts';
import { sandboxTarget } from '../profiles/profile-targets.ts';
import { ConsoleStore } from '../store/console-store.ts';
import { Tasks } from '../tasks/tasks.ts';
import { httpStatus, type DpsAccess } from './dps-access.ts';
import { EnrollmentsService } from './enrollments-service.ts';

export const TEST_PROFILE = 'sandbox';

export interface EnrollmentsHarness {
  dps: TestSandbox;
  factory: AzureClientFactory;
  events: EventBus;
  store: ConsoleStore;
  eventLog: EventLog;
  tasks: Tasks;
  service: EnrollmentsService;
  /** Runs before each DPS call through the area's access (a test's place to act between two batches). */
  beforeRun: ((what: string) => void) | null;
  /** DPS calls that came back 429 so far. */
  throttledCalls: number;
  dispose(): Promise<void>;
}

/**
 * The enrollments service on a real in-process sandbox, reached through the real client factory
 * (the profiles service's part — picking the active profile and its secrets — is the only thing
 * stood in for: the active profile is always the sandbox).
 */
export async function startEnrollmentsHarness(options: Partial<SandboxOptions> = {}): Promise<EnrollmentsHarness> {
  const dps = await startTestSandbox({ hubs: 2, ...options });
  const factory = new AzureClientFactory(await sandboxTarget(dps.sandbox));
  const dir = mkdtempSync(join(tmpdir(), 'enrollments-'));
  const events = new EventBus();
  const store = new ConsoleStore(dir);
  const eventLog = new EventLog(store);
  const tasks = new Tasks(store, events);
  const holder: { index?: EnrollmentsService['index'] } = {};
  const access: DpsAccess = {
    activeProfileId: async () => TEST_PROFILE,
    clients: async () => factory,
    async run(profileId, what, fn, ops = 1) {
      harness.beforeRun?.(what);
      try {
        return await fn(factory.provisioningService(), factory);
      } catch (error) {
        if (httpStatus(error) === 429) harness.throttledCalls++;
        throw error;
      } finally {
        holder.index?.countOps(profileId, ops);
      }
    },
  };
  const service = new EnrollmentsService({ store, eventLog, tasks, events, access });
  holder.index = service.index;
  const harness: EnrollmentsHarness = {
    dps,
    factory,
    events,
    store,
    eventLog,
    tasks,
    service,
    beforeRun: null,
    throttledCalls: 0,
    async dispose() {
      await tasks.dispose();
      await service.sync.idle();
      store.close();
      await dps.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
