import { createInterface } from 'node:readline';
import type { CliCommand } from '../command.ts';
import { startFunctionHost } from '../../services/functions/function-host.ts';
import type { FunctionHost } from '../../services/functions/function-host.ts';
import { hostConfigSchema, hostEventSchema } from '../../services/functions/function-protocol.ts';

/**
 * `functions-host`: the seed's ADT functions for a sandbox profile, in a process of their own so a
 * throwing or hanging function cannot take the console down. Driven over stdin/stdout (one JSON
 * object per line, `services/functions/function-protocol.ts`); the console starts and restarts it.
 */
export const functionsHostCommand: CliCommand = {
  usage: [
    'provisioning-bench functions-host',
    '',
    'Reads a config line on stdin ({"digitalTwinsUrl","accessToken","libDir",…}), serves the allocation',
    'webhook on 127.0.0.1 and prints {"type":"ready","allocationUrl"}; then takes telemetry/lifecycle events,',
    'one JSON line each ({"type":"flush"} answers {"type":"flushed"} once all are handled), and prints call records.',
    'Exits when stdin closes.',
  ].join('\n'),
  async run(_args, io) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    let host: FunctionHost | undefined;
    const print = (record: unknown) => io.stdout(JSON.stringify(record));
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        io.stderr('functions-host: a stdin line is not JSON; ignored');
        continue;
      }
      if (!host) {
        const config = hostConfigSchema.safeParse(value);
        if (!config.success) {
          io.stderr(`functions-host: the config line is invalid: ${config.error.issues.map((i) => i.path.join('.')).join(', ')}`);
          return 2;
        }
        host = await startFunctionHost(config.data, print);
        print({ type: 'ready', allocationUrl: host.allocationUrl, ...(host.customAllocationUrl ? { customAllocationUrl: host.customAllocationUrl } : {}) });
        continue;
      }
      if ((value as { type?: unknown })?.type === 'flush') {
        const open = host;
        void open.idle().then(() => print({ type: 'flushed' }));
        continue;
      }
      const event = hostEventSchema.safeParse(value);
      if (event.success) host.handle(event.data);
      else io.stderr('functions-host: an event line does not match the protocol; ignored');
    }
    await host?.idle();
    await host?.close();
    return 0;
  },
};
