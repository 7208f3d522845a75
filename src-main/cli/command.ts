/** Where a command writes: stdout carries machine-readable results, stderr everything for people. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** One `provisioning-bench <name>` command. `run` resolves with the process exit code. */
export interface CliCommand {
  /** Flags and arguments, shown by `provisioning-bench <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A mistake in how the command was called; the CLI prints it with a hint and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
