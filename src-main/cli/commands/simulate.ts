import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SANDBOX_PROFILE_ID } from '../../../src-shared/domain/profile.ts';
import type { FleetOptions, SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';
import { redactSecrets } from '../../security/redact.ts';
import { AzureClientFactory } from '../../services/azure/client-factory.ts';
import { createServices, disposeServices } from '../../services/container.ts';
import { EventLog } from '../../services/event-log/event-log.ts';
import { sandboxTarget } from '../../services/profiles/profile-targets.ts';
import { sandboxForCli } from '../../services/simulator/sandbox-for-cli.ts';
import { SimulatorService } from '../../services/simulator/simulator-service.ts';
import { ConsoleStore } from '../../services/store/console-store.ts';
import { UsageError, type CliCommand, type CliIo } from '../command.ts';
import { defaultDataDir } from '../default-data-dir.ts';
import { untilStopSignal } from '../stop-signal.ts';

function whole(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${text}").`);
  return value;
}

/** Runs the fleet until the duration ends or a stop signal; resolves with the last status. */
async function runFor(simulator: SimulatorService, options: FleetOptions, profileId: string, durationS: number, io: CliIo): Promise<SimulatorStatus> {
  const stopped = untilStopSignal();
  const started = await simulator.startFleet(options, profileId);
  io.stderr(`simulate: ${options.count} devices from ${started.sourceLabel ?? 'the fleet source'}, for ${durationS} s`);
  let lastLine = 0;
  const off = simulator.onStatus((s) => {
    if (Date.now() - lastLine < 5_000) return;
    lastLine = Date.now();
    io.stderr(`simulate: ${s.state} provisioned ${s.counters.provisioned} connected ${s.counters.connected} sent ${s.counters.messagesSent} errors ${s.counters.errors}`);
  });
  await Promise.race([stopped, new Promise((done) => setTimeout(done, durationS * 1000).unref())]);
  off();
  const last = simulator.status();
  await simulator.stop();
  return last;
}

/** `simulate`: a headless fleet; one JSON summary line on stdout at the end. */
export const simulateCommand: CliCommand = {
  usage: [
    'provisioning-bench simulate --profile P --count N [--group G] [--duration S] [--interval S] [--transport mqtt|http] [--payload JSON] [--data-dir DIR]',
    '',
    '  --profile P     profile id or name; "sandbox" uses the console\'s running sandbox, else starts one in a temporary data dir',
    '  --count N       devices, 1 to 10000',
    '  --group G       a symmetric-key enrollment group (default: create a new group for the fleet)',
    '  --duration S    seconds to run (default 30)',
    '  --interval S    seconds between a device\'s messages (default 5)',
    '  --transport T   provisioning transport, mqtt (default) or http',
    '  --payload JSON  custom provisioning payload, e.g. \'{"modelId":"dtmi:com:example:Thermostat;1"}\'',
    `  --data-dir DIR  the console's data (default ${defaultDataDir()})`,
    '',
    'Prints one JSON line at the end: {"provisioned","connected","messages_sent","errors","ready_s","duration_s",...}.',
    'Progress goes to stderr. Exits 1 when not every device connected. Ctrl-C stops early.',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        profile: { type: 'string' }, count: { type: 'string' }, group: { type: 'string' }, duration: { type: 'string' },
        interval: { type: 'string' }, transport: { type: 'string' }, payload: { type: 'string' }, 'data-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.profile) throw new UsageError('--profile is required (a profile id or name, or "sandbox").');
    if (values.count === undefined) throw new UsageError('--count is required.');
    const count = whole('count', values.count, 0, 1, 10_000);
    const durationS = whole('duration', values.duration, 30, 1, 86_400);
    const intervalS = whole('interval', values.interval, 5, 1, 86_400);
    if (values.transport && values.transport !== 'mqtt' && values.transport !== 'http') throw new UsageError('--transport is mqtt or http.');
    let payload: FleetOptions['payload'] = null;
    try {
      payload = values.payload ? (JSON.parse(values.payload) as FleetOptions['payload']) : null;
    } catch {
      throw new UsageError('--payload must be JSON.');
    }
    const options: FleetOptions = {
      source: values.group ? { kind: 'group', groupId: values.group } : { kind: 'create', attestation: 'symmetricKey' },
      count,
      transport: (values.transport as 'mqtt' | 'http' | undefined) ?? 'mqtt',
      payload,
      telemetry: { intervalMs: intervalS * 1000, jitterMs: 200, source: { kind: 'sample', name: 'random_telemetry' } },
    };
    const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
    const t0 = performance.now();
    let last: SimulatorStatus;
    if (values.profile === SANDBOX_PROFILE_ID) {
      const sandbox = await sandboxForCli(join(dataDir, 'sandbox'));
      // Against a temporary sandbox the stored connection info would point at nothing afterwards: a temporary store too.
      const storeDir = sandbox.temporary ? mkdtempSync(join(tmpdir(), 'pb-simulate-store-')) : dataDir;
      const store = new ConsoleStore(storeDir);
      const clients = new AzureClientFactory(await sandboxTarget(sandbox.endpoints));
      const simulator = new SimulatorService({ profiles: { activeId: async () => SANDBOX_PROFILE_ID, clientsFor: async () => clients }, eventLog: new EventLog(store), store });
      try {
        last = await runFor(simulator, options, SANDBOX_PROFILE_ID, durationS, io);
      } finally {
        await simulator.dispose();
        store.close();
        await sandbox.close();
        if (sandbox.temporary) rmSync(storeDir, { recursive: true, force: true });
      }
    } else {
      const services = await createServices({ paths: { userData: dataDir }, shellInfo: { shell: 'web', appVersion: 'cli', electronVersion: null, chromeVersion: null } });
      try {
        const { profiles } = await services.profiles.list();
        const profile = profiles.find((p) => p.id === values.profile) ?? profiles.find((p) => p.name === values.profile);
        if (!profile) throw new UsageError(`No profile "${values.profile}"; known: ${profiles.map((p) => p.name).join(', ')}`);
        last = await runFor(services.simulator, options, profile.id, durationS, io);
      } finally {
        await disposeServices(services);
      }
    }
    const c = last.counters;
    io.stdout(
      redactSecrets(
        JSON.stringify({
          profile: values.profile,
          devices: c.devices,
          provisioned: c.provisioned,
          connected: c.connected,
          messages_sent: c.messagesSent,
          errors: c.errors,
          ready_s: c.readyMs === null ? null : Math.round(c.readyMs) / 1000,
          msgs_per_s: c.messagesPerSecond,
          duration_s: Math.round(performance.now() - t0) / 1000,
          ...(last.lastError ? { last_error: last.lastError } : {}),
        }),
      ),
    );
    return c.connected === count ? 0 : 1;
  },
};
