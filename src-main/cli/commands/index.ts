import type { CliCommand } from '../command.ts';

/** A command as the table knows it: its one-line summary, and its module loaded only when it runs. */
export interface CommandEntry {
  summary: string;
  load(): Promise<CliCommand>;
}

/**
 * Every `provisioning-bench` command by name. Modules load lazily so `sandbox` does not pay for the
 * console's services (and their SDKs) in start-up time and memory. Add a command: write
 * commands/<name>.ts, list it here.
 */
export const commands: Record<string, CommandEntry> = {
  serve: { summary: 'serve the console on 127.0.0.1 behind a one-time link', load: async () => (await import('./serve.ts')).serveCommand },
  enrollments: { summary: 'import a CSV of device records as enrollments (one JSON summary line)', load: async () => (await import('./enrollments.ts')).enrollmentsCommand },
  inventory: { summary: "list every device the console recorded, its status and hub (the back office's view)", load: async () => (await import('./inventory.ts')).inventoryCommand },
  sandbox: { summary: 'run the local DPS + IoT Hub sandbox', load: async () => (await import('./sandbox.ts')).sandboxCommand },
  'functions-host': { summary: "run the seed's ADT functions for a sandbox profile (driven by the console over stdin)", load: async () => (await import('./functions-host.ts')).functionsHostCommand },
  simulate: { summary: 'run a headless simulated fleet and print a JSON summary', load: async () => (await import('./simulate.ts')).simulateCommand },
};
