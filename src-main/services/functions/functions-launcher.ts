import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ExitInfo } from '../sandbox/sandbox-command.ts';

const BIN = fileURLToPath(new URL('../../../bin/provisioning-bench.mjs', import.meta.url));

/**
 * The function host child as FunctionRunner drives it, whatever started it: this Node with the CLI
 * (stdin/stdout JSON lines) or an Electron utility process (its message port: a utility process
 * has no stdin). Messages are the objects of `function-protocol.ts` either way.
 */
export interface FunctionsHostChild {
  readonly pid: number | undefined;
  /** For the runner's stderr tail (null when the launcher gives none). */
  readonly stderr: NodeJS.ReadableStream | null;
  send(message: object): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when it has exited (including when it never started). */
  onExit(listener: (exit: ExitInfo) => void): void;
  /** No more input: the host finishes what it holds and exits. */
  end(): void;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

/** Starts one function host child (`provisioning-bench functions-host`). */
export type FunctionsLauncher = () => FunctionsHostChild;

/** The message that stands for "stdin closed" where there is no stdin (a utility process). */
export const END_MESSAGE = { type: 'end' } as const;
/** A utility process's first message: its parent-port listener is on, so what is posted now is heard. */
export const LISTENING_MESSAGE = { type: 'listening' } as const;

/**
 * The default outside Electron (web shell, CLI, tests, bench): this Node running the CLI's
 * `functions-host`, one JSON object per line over stdin/stdout (the config with the ADT token goes
 * there, never argv or env).
 */
export const spawnFunctionsHost: FunctionsLauncher = () => {
  const child = spawn(process.execPath, [BIN, 'functions-host'], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  // A child that died leaves a closed pipe: a late write must not throw EPIPE into the console.
  child.stdin.on('error', () => undefined);
  return {
    get pid() {
      return child.pid;
    },
    stderr: child.stderr,
    send: (message) => {
      if (child.stdin.writable) child.stdin.write(`${JSON.stringify(message)}\n`);
    },
    onMessage: (listener) =>
      createInterface({ input: child.stdout }).on('line', (line) => {
        let message: unknown;
        try {
          message = JSON.parse(line);
        } catch {
          return; // not a protocol line
        }
        listener(message);
      }),
    onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal })),
    end: () => child.stdin.end(),
    kill: (signal) => child.kill(signal),
  };
};
