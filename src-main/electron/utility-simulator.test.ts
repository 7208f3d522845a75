import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { startSimulatorProcess } from '../services/simulator/simulator-process.ts';
import { utilitySimulatorLauncher, type FleetUtilityChild, type ForkFleetUtility } from './utility-simulator.ts';

// Electron's utilityProcess.fork stood in by a Node fork of the same CLI command with the same
// surface (postMessage, 'message', 'spawn', 'exit' with a code): the Electron binary is absent here.
const CLI = fileURLToPath(new URL('../../bin/provisioning-bench.mjs', import.meta.url));
const standIn: ForkFleetUtility = (modulePath, args) => {
  const child = fork(modulePath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  return {
    get pid() {
      return child.pid;
    },
    stderr: child.stderr,
    postMessage: (message: unknown) => child.send(message as never),
    on: (event: string, listener: (...a: unknown[]) => void) => child.on(event, listener),
    once: (event: string, listener: (...a: unknown[]) => void) => child.once(event, listener),
    kill: () => child.kill(),
  } as unknown as FleetUtilityChild;
};

it('starts the bundled CLI fleet-process, hears it ready and stops it cleanly', async () => {
  const running = await startSimulatorProcess(utilitySimulatorLauncher(standIn, CLI), () => undefined, 60_000);
  expect(running.pid).toBeGreaterThan(0);
  expect(running.baselineRssKb).toBeGreaterThan(0);
  const exit = await running.stop();
  expect(exit).toEqual({ code: 0, signal: null });
}, 90_000);
