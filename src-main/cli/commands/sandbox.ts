import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSandbox, isLoopbackAddress } from '../../sandbox/sandbox.ts';
import { validHostNameBase } from '../../sandbox/server/standard-ports.ts';
import { UsageError } from '../command.ts';
import type { CliCommand } from '../command.ts';
import { defaultDataDir } from '../default-data-dir.ts';
import { untilStopSignal } from '../stop-signal.ts';

function parseHubCount(text: string): number {
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || count > 16) throw new UsageError(`--hubs must be a whole number from 1 to 16 (got "${text}").`);
  return count;
}

/** `sandbox`: the local DPS + IoT Hub in the foreground; prints its endpoints as one JSON line. */
export const sandboxCommand: CliCommand = {
  usage: [
    'provisioning-bench sandbox [--data-dir DIR] [--hubs N] [--listen ADDR] [--throttle] [--standard-ports [--host-name NAME]]',
    '',
    `  --data-dir DIR  id scope, keys, CA, ports and database (default ${join(defaultDataDir(), 'sandbox')})`,
    '  --hubs N        IoT hubs linked to the DPS (default 2)',
    '  --listen ADDR   address to bind (default 127.0.0.1; anything else is reachable from the network)',
    '  --throttle      answer above the published S1 quotas with 429 + Retry-After',
    '  --standard-ports  also listen on 443, 8883 and 5671 (where the OS allows), telling the DPS and',
    '                  each hub apart by TLS server name: dps.NAME, hub1.NAME, …; host names carry no port',
    '  --host-name NAME  DNS suffix of those names (default localhost; a bench LAN name for devices on it)',
    '',
    'Prints one JSON line on stdout once every listener is up:',
    '{"idScope","provisioningHost","dpsConnectionString","hubs":[{"hostName","connectionString","eventHubConnectionString"}],"caCertificatePath","digitalTwins":{"url","accessToken","scope"}',
    '  [,"standardPorts":{"address","names":{name: service},"ports":{"https","mqtt","amqp"},"hostsEntry","unresolved"}]}',
    'Logs go to stderr. Stops on Ctrl-C (SIGINT) or SIGTERM.',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        'data-dir': { type: 'string' },
        hubs: { type: 'string' },
        listen: { type: 'string' },
        throttle: { type: 'boolean' },
        'standard-ports': { type: 'boolean' },
        'host-name': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    const dataDir = resolve(values['data-dir'] ?? join(defaultDataDir(), 'sandbox'));
    const listen = values.listen ?? '127.0.0.1';
    const hostName = values['host-name'];
    if (hostName !== undefined && !values['standard-ports']) throw new UsageError('--host-name names the services on standard ports: use it with --standard-ports.');
    if (hostName !== undefined && !validHostNameBase(hostName)) throw new UsageError(`--host-name must be a DNS name such as bench.lan (got "${hostName}").`);
    const stopped = untilStopSignal();
    const sandbox = await createSandbox({
      dataDir,
      hubs: values.hubs === undefined ? 2 : parseHubCount(values.hubs),
      listen,
      throttle: values.throttle ?? false,
      standardPorts: values['standard-ports'] ?? false,
      ...(hostName !== undefined ? { hostName } : {}),
    });
    if (!isLoopbackAddress(listen)) {
      io.stderr(`warning: the sandbox listens on ${listen}: devices on the network can reach it (SAS tokens and certificates are still required).`);
    }
    io.stderr(`sandbox: DPS ${sandbox.provisioningHost} (id scope ${sandbox.idScope}), hubs ${sandbox.hubs.map((hub) => hub.hostName).join(', ')}; data in ${dataDir}`);
    if (sandbox.standardPorts) {
      const { ports, names } = sandbox.standardPorts;
      const open = Object.entries(ports).flatMap(([name, port]) => (port === null ? [] : [`${port} (${name})`]));
      io.stderr(`sandbox: standard ports ${open.join(', ') || 'none'} serve ${Object.entries(names).map(([name, service]) => `${name} → ${service}`).join(', ')}`);
    }
    const { close: _close, adt: _adt, ...info } = sandbox;
    io.stdout(JSON.stringify(info));
    const signal = await stopped;
    io.stderr(`${signal}: stopping the sandbox`);
    await sandbox.close();
    return 0;
  },
};

/** Entry for callers that do not go through the command table. */
export function runSandboxCommand(argv: string[]): Promise<number> {
  return sandboxCommand.run(argv, { stdout: (line) => process.stdout.write(`${line}\n`), stderr: (line) => process.stderr.write(`${line}\n`) });
}
