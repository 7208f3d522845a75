import type { CliCommand } from '../command.ts';
import { sandboxCommand } from './sandbox.ts';
import { serveCommand } from './serve.ts';

/** Every `provisioning-bench` command by name. Add a command: write commands/<name>.ts, list it here. */
export const commands: Record<string, CliCommand> = {
  serve: serveCommand,
  sandbox: sandboxCommand,
};
