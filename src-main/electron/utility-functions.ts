import { END_MESSAGE, LISTENING_MESSAGE, type FunctionsLauncher } from '../services/functions/functions-launcher.ts';
import { killUtilityChild, type ForkMessagingUtility } from './utility-sandbox.ts';

/**
 * The function host as an Electron utility process running the bundled CLI's `functions-host` (the
 * packaged binary cannot run as Node: the RunAsNode fuse is off). A utility process has no stdin,
 * so the protocol's messages travel over its message port; the host picks that port at start.
 */
export function utilityFunctionsLauncher(fork: ForkMessagingUtility, bundledCliPath: string): FunctionsLauncher {
  return () => {
    const child = fork(bundledCliPath, ['functions-host'], { stdio: 'pipe', serviceName: 'Provisioning Bench functions' });
    let pid: number | undefined;
    let alive = true;
    // Held until the host says its parent-port listener is on (the CLI takes a moment to load it).
    let held: object[] | undefined = [];
    const post = (message: object) => {
      if (!alive) return;
      if (held) held.push(message);
      else child.postMessage(message);
    };
    child.once('spawn', () => (pid = child.pid));
    child.once('exit', () => (alive = false));
    child.on('message', (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type !== LISTENING_MESSAGE.type || !held) return;
      const queued = held;
      held = undefined;
      queued.forEach((m) => child.postMessage(m));
    });
    return {
      get pid() {
        return pid ?? child.pid;
      },
      stderr: child.stderr,
      send: post,
      onMessage: (listener) =>
        child.on('message', (message: unknown) => {
          if ((message as { type?: unknown } | null)?.type !== LISTENING_MESSAGE.type) listener(message);
        }),
      onExit: (listener) => child.once('exit', (code: number) => listener({ code, signal: null })),
      end: () => post(END_MESSAGE),
      kill: (signal) => killUtilityChild(child, pid ?? child.pid, signal),
    };
  };
}
