import type { CliCommand } from '../command.ts';

/**
 * `fleet-process`: the simulator's fleet, run by the console itself (the Electron shell forks the
 * bundled CLI with it as a utility process). It talks only over its parent channel and never
 * returns: the fleet exits the process when told to stop.
 */
export const fleetProcessCommand: CliCommand = {
  usage: 'provisioning-bench fleet-process\n\nStarted by the console for the simulator; not for direct use.',
  async run() {
    await import('../../simulator/entry.ts');
    return new Promise<number>(() => undefined);
  },
};
