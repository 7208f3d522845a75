import { z } from 'zod';
import { sandboxStatusSchema } from './channels/sandbox.ts';
import { deviceLogLineSchema, simulatedDeviceSchema, simulatorStatusSchema } from './channels/simulator.ts';
import { taskSchema } from './channels/tasks.ts';

/**
 * Every event the main process pushes to the renderer, `domain:event` → payload schema.
 * High-rate streams (telemetry, logs, counters) are declared as batches: one event carries many items.
 */
export const eventChannels = {
  'app:notice': z.object({
    level: z.enum(['info', 'success', 'warning', 'error']),
    message: z.string(),
  }),
  /** The active profile or the list of profiles changed; the renderer re-reads profiles:list. */
  'profiles:changed': z.object({ activeId: z.string() }),
  /** The sandbox process started, stopped, crashed or was reset. */
  'sandbox:status': sandboxStatusSchema,
  /** Progress of running tasks (imports, bulk updates, serial batches), batched: the latest row of each that moved. */
  'tasks:progress': z.object({ tasks: z.array(taskSchema) }),
  /** The simulator's fleet: state, counters and the chart's points, at most once a second. */
  'simulator:status': simulatorStatusSchema,
  /** Simulated devices whose state changed and new device log lines, batched. */
  'simulator:updates': z.object({ devices: z.array(simulatedDeviceSchema), logs: z.array(deviceLogLineSchema) }),
};
