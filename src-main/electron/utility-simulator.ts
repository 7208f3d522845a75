import type { ChildMessage } from '../simulator/protocol.ts';
import type { SimulatorLauncher } from '../services/simulator/simulator-process.ts';
import { killUtilityChild, type ForkMessagingUtility } from './utility-sandbox.ts';

/**
 * The simulator's fleet as an Electron utility process running the bundled CLI's `fleet-process`
 * (the packaged binary cannot run as Node), its messages over the utility process's port.
 */
export function utilitySimulatorLauncher(fork: ForkMessagingUtility, bundledCliPath: string): SimulatorLauncher {
  return () => {
    const child = fork(bundledCliPath, ['fleet-process'], { stdio: 'pipe', serviceName: 'Provisioning Bench simulator' });
    let pid: number | undefined;
    child.once('spawn', () => (pid = child.pid));
    return {
      get pid() {
        return pid ?? child.pid;
      },
      stderr: child.stderr,
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as ChildMessage)),
      onExit: (listener) => child.once('exit', (code: number) => listener({ code, signal: null })),
      kill: (signal) => killUtilityChild(child, pid ?? child.pid, signal),
    };
  };
}
