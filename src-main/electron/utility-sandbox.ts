import type { UtilityProcess } from 'electron';
import type { ExitInfo, SandboxChild, SandboxCommand, SandboxCommandFactory } from '../services/sandbox/sandbox-command.ts';

/** What of Electron's UtilityProcess the adapter uses (so it can be exercised without the Electron binary). */
export type UtilityChild = Pick<UtilityProcess, 'pid' | 'stdout' | 'stderr' | 'kill' | 'once'>;

/** Electron's utilityProcess.fork, as the adapter calls it. */
export type ForkUtility = (modulePath: string, args: string[], options: { env: NodeJS.ProcessEnv; stdio: 'pipe'; serviceName: string }) => UtilityChild;

/** A utility process the main process talks to over its message port (simulator fleet, functions host). */
export type MessagingUtilityChild = Pick<UtilityProcess, 'pid' | 'stderr' | 'kill' | 'once' | 'on' | 'postMessage'>;
export type ForkMessagingUtility = (modulePath: string, args: string[], options: { stdio: 'pipe'; serviceName: string }) => MessagingUtilityChild;

/**
 * The sandbox child as an Electron utility process running the bundled CLI. The RunAsNode fuse is
 * off in packaged builds (electron-builder.yml), so the Electron binary can no longer be spawned
 * as Node with ELECTRON_RUN_AS_NODE; a utility process is Electron's own way to run Node code apart.
 */
export function utilitySandboxCommand(fork: ForkUtility, bundledCliPath: string): SandboxCommandFactory {
  return (dataDir) => ({
    command: bundledCliPath,
    args: ['sandbox', '--data-dir', dataDir],
    launch: (cmd) => utilitySandboxChild(fork, cmd),
  });
}

/** Forks `cmd` as a utility process and presents it as the supervisor's SandboxChild. */
export function utilitySandboxChild(fork: ForkUtility, cmd: SandboxCommand): SandboxChild {
  const child = fork(cmd.command, cmd.args, { env: { ...process.env, ...cmd.env }, stdio: 'pipe', serviceName: 'Provisioning Bench sandbox' });
  const { stdout, stderr } = child;
  // stdio 'pipe' always yields both streams; their absence would be an Electron bug, not a state to limp on in.
  if (!stdout || !stderr) throw new Error('the sandbox utility process has no stdout/stderr pipes');
  // The pid is gone from the object once it exits; keep it to end a child that ignores SIGTERM.
  let pid: number | undefined;
  child.once('spawn', () => (pid = child.pid));
  return {
    get pid() {
      return pid ?? child.pid;
    },
    stdout,
    stderr,
    kill(signal) {
      killUtilityChild(child, pid ?? child.pid, signal);
    },
    onExit(listener: (exit: ExitInfo) => void) {
      child.once('exit', (code: number) => listener({ code, signal: null }));
    },
    // A utility process that cannot start reports it by exiting, which onExit already delivers.
    onError() {},
  };
}

/** utilityProcess.kill() sends SIGTERM (and reaps); a SIGKILL needs the pid, which may be known only from 'spawn'. */
export function killUtilityChild(child: Pick<UtilityProcess, 'kill'>, pid: number | undefined, signal: 'SIGTERM' | 'SIGKILL'): void {
  if (signal === 'SIGKILL' && pid !== undefined) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    return;
  }
  child.kill();
}
