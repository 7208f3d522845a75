import type { CliCommand } from '../command.ts';
import { startFunctionHost } from '../../services/functions/function-host.ts';
import type { FunctionHost } from '../../services/functions/function-host.ts';
import { hostConfigSchema, hostEventSchema } from '../../services/functions/function-protocol.ts';
import { hostTransport } from '../../services/functions/host-transport.ts';

/**
 * `functions-host`: the seed's ADT functions for a sandbox profile, in a process of their own so a
 * throwing or hanging function cannot take the console down. Driven over stdin/stdout (one JSON
 * object per line, `services/functions/function-protocol.ts`), or over the parent port when the
 * Electron shell runs it as a utility process; the console starts and restarts it.
 */
export const functionsHostCommand: CliCommand = {
  usage: [
    'provisioning-bench functions-host',
    '',
    'Reads a config line on stdin ({"digitalTwinsUrl","accessToken","libDir",…}), serves the allocation',
    'webhook on 127.0.0.1 and prints {"type":"ready","allocationUrl"}; then takes telemetry/lifecycle events,',
    'one JSON line each ({"type":"flush"} answers {"type":"flushed"} once all are handled), and prints call records.',
    'Exits when stdin closes. In an Electron utility process the same messages go over process.parentPort',
    '(it first posts {"type":"listening"}; {"type":"end"} stands for the end of stdin).',
  ].join('\n'),
  async run(_args, io) {
    const transport = hostTransport(io.stderr);
    let host: FunctionHost | undefined;
    const print = (record: object) => transport.send(record);
    for await (const value of transport.messages) {
      if (!host) {
        const config = hostConfigSchema.safeParse(value);
        if (!config.success) {
          io.stderr(`functions-host: the config line is invalid: ${config.error.issues.map((i) => i.path.join('.')).join(', ')}`);
          transport.close(2);
          return 2;
        }
        host = await startFunctionHost(config.data, print);
        print({ type: 'ready', allocationUrl: host.allocationUrl, ...(host.customAllocationUrl ? { customAllocationUrl: host.customAllocationUrl } : {}), ...(host.customAllocationError ? { customAllocationError: host.customAllocationError } : {}) });
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
    transport.close(0);
    return 0;
  },
};
