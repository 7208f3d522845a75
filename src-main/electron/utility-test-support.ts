import { fork } from 'node:child_process';
import type { ForkMessagingUtility, MessagingUtilityChild } from './utility-sandbox.ts';

/**
 * Electron's `utilityProcess.fork` stood in by a Node fork of the same CLI command with the same
 * surface (no stdin, postMessage / 'message', 'spawn' then 'exit' with a code), for tests: the
 * Electron binary is absent here. `parentPort` gives the child an emulated `process.parentPort`.
 */
export function utilityForkStandIn(options: { parentPort?: boolean; onFork?: (modulePath: string, args: string[], serviceName: string) => void; onExit?: (code: number | null) => void } = {}): ForkMessagingUtility {
  return (modulePath, args, forkOptions) => {
    options.onFork?.(modulePath, args, forkOptions.serviceName);
    const execArgv = options.parentPort ? ['--import', new URL('./parent-port-stand-in.mjs', import.meta.url).href] : [];
    const child = fork(modulePath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', execArgv });
    child.once('exit', (code) => options.onExit?.(code));
    return {
      get pid() {
        return child.pid;
      },
      stderr: child.stderr,
      postMessage: (message: unknown) => child.send(message as never),
      on: (event: string, listener: (...a: unknown[]) => void) => child.on(event, listener),
      // Electron's 'exit' carries the code only; a signal death reads as 143 here.
      once: (event: string, listener: (...a: unknown[]) => void) => child.once(event, (code: number | null, signal: string | null) => listener(event === 'exit' ? (code ?? (signal ? 143 : 0)) : code)),
      kill: () => child.kill(),
    } as unknown as MessagingUtilityChild;
  };
}
