import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startWebShell } from '../../web/web-shell.ts';
import { locateApp } from '../app-location.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { defaultDataDir } from '../default-data-dir.ts';
import { untilStopSignal } from '../stop-signal.ts';

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${text}").`);
  return port;
}

/** `serve`: the web shell in the foreground; prints {"url": ...} once it listens. */
export const serveCommand: CliCommand = {
  usage: [
    'provisioning-bench serve [--port N] [--data-dir DIR]',
    '',
    '  --port N        port on 127.0.0.1 (default 0: any free port)',
    `  --data-dir DIR  settings, vault and sandbox data (default ${defaultDataDir()})`,
    '',
    'Prints one JSON line {"url": "http://127.0.0.1:PORT/?token=..."} on stdout once listening;',
    'the link works once. Logs go to stderr. Stops on Ctrl-C (SIGINT) or SIGTERM.',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    const port = values.port === undefined ? 0 : parsePort(values.port);
    const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
    const app = locateApp();
    const stopped = untilStopSignal();
    const shell = await startWebShell({ port, dataDir, rendererDir: app.rendererDir, appVersion: app.version, log: io.stderr });
    io.stderr(`Provisioning Bench ${app.version}: web console on ${shell.origin} (data in ${dataDir})`);
    io.stdout(JSON.stringify({ url: shell.url }));
    const signal = await stopped;
    io.stderr(`${signal}: stopping the web console`);
    await shell.close();
    return 0;
  },
};
