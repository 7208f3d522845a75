import { fileURLToPath } from 'node:url';

/** How the sandbox child ended: a Node child reports a code or a signal, an Electron utility process a code. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A started sandbox child as the supervisor drives it, whatever started it: a Node child process
 * (the web shell, tests) or an Electron utility process (the Electron shell, whose RunAsNode fuse
 * is off, so its binary cannot be spawned as Node).
 */
export interface SandboxChild {
  /** Known once the process runs. */
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream;
  readonly stderr: NodeJS.ReadableStream;
  /** SIGTERM asks it to stop (it closes its store); SIGKILL ends it outright. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Called once, when it has exited (including when it never started). */
  onExit(listener: (exit: ExitInfo) => void): void;
  /** Called when it could not be started at all. */
  onError(listener: (error: Error) => void): void;
}

/** Starts the child for a command. */
export type SandboxLauncher = (cmd: SandboxCommand) => SandboxChild;

/** How to start the sandbox process: the shell decides (plain Node, or an Electron utility process). */
export interface SandboxCommand {
  /** The executable (child_process), or the script a launcher runs (the bundled CLI for a utility process). */
  command: string;
  args: string[];
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  /** Starts it; absent means spawning `command args` with child_process. The Electron shell forks a utility process (src-main/electron/). */
  launch?: SandboxLauncher;
}

/** Builds the command for a data directory; a port the Electron shell replaces with its bundled CLI in a utility process. */
export type SandboxCommandFactory = (dataDir: string) => SandboxCommand;

const BIN = fileURLToPath(new URL('../../../bin/provisioning-bench.mjs', import.meta.url));

/** The plain-Node form: this Node running the repository's CLI entry. */
export const nodeSandboxCommand: SandboxCommandFactory = (dataDir) => ({
  command: process.execPath,
  args: [BIN, 'sandbox', '--data-dir', dataDir],
});
