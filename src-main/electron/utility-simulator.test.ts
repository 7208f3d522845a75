import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { startSimulatorProcess } from '../services/simulator/simulator-process.ts';
import { utilitySimulatorLauncher } from './utility-simulator.ts';
import { utilityForkStandIn } from './utility-test-support.ts';

// Electron's utilityProcess.fork stood in by a Node fork of the same CLI command: the Electron binary is absent here.
const CLI = fileURLToPath(new URL('../../bin/provisioning-bench.mjs', import.meta.url));
const standIn = utilityForkStandIn();

it('starts the bundled CLI fleet-process, hears it ready and stops it cleanly', async () => {
  const running = await startSimulatorProcess(utilitySimulatorLauncher(standIn, CLI), () => undefined, 60_000);
  expect(running.pid).toBeGreaterThan(0);
  expect(running.baselineRssKb).toBeGreaterThan(0);
  const exit = await running.stop();
  expect(exit).toEqual({ code: 0, signal: null });
}, 90_000);
