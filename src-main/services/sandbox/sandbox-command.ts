import { fileURLToPath } from 'node:url';

/** How to start the sandbox process: the shell decides (plain Node or Electron as Node). */
export interface SandboxCommand {
  command: string;
  args: string[];
  /** Added to the parent's environment, e.g. ELECTRON_RUN_AS_NODE=1. */
  env?: Record<string, string>;
}

/** Builds the command for a data directory; a port the Electron shell replaces with its bundled CLI. */
export type SandboxCommandFactory = (dataDir: string) => SandboxCommand;

const BIN = fileURLToPath(new URL('../../../bin/provisioning-bench.mjs', import.meta.url));

/** The plain-Node form: this Node running the repository's CLI entry. */
export const nodeSandboxCommand: SandboxCommandFactory = (dataDir) => ({
  command: process.execPath,
  args: [BIN, 'sandbox', '--data-dir', dataDir],
});

/** The Electron form: the Electron binary as Node (ELECTRON_RUN_AS_NODE) running the bundled CLI. */
export function electronSandboxCommand(electronExecPath: string, bundledCliPath: string): SandboxCommandFactory {
  return (dataDir) => ({
    command: electronExecPath,
    args: [bundledCliPath, 'sandbox', '--data-dir', dataDir],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
}
