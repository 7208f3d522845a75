import { locateApp } from './app-location.ts';
import type { CliIo } from './command.ts';
import { UsageError } from './command.ts';
import { commands } from './commands/index.ts';

const EXIT_USAGE = 2;

export function overview(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    'Usage: provisioning-bench <command> [flags]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `provisioning-bench <command> --help` for its flags, `provisioning-bench --version` for the version.',
  ].join('\n');
}

/** Node's parseArgs reports caller mistakes as TypeErrors with these codes. */
function isArgumentError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'));
}

/** Runs `provisioning-bench <argv>` and resolves with the exit code: 0 ok, 1 failure, 2 usage mistake. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(overview());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(locateApp().version);
    return 0;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (entry === undefined) {
    io.stderr(`provisioning-bench: unknown command "${name.slice(0, 60)}". Commands: ${Object.keys(commands).join(', ')}.`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isArgumentError(error)) {
      io.stderr(`provisioning-bench ${name}: ${error.message}`);
      io.stderr(`Run \`provisioning-bench ${name} --help\` for its flags.`);
      return EXIT_USAGE;
    }
    io.stderr(`provisioning-bench ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
