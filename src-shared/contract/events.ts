import { z } from 'zod';
import { enrollmentIndexEventSchema } from './channels/enrollments.ts';
import { sandboxStatusSchema } from './channels/sandbox.ts';
import { consoleEntrySchema, serialPortSchema, stepUpdateSchema } from './channels/serial.ts';
import { deviceLogLineSchema, simulatedDeviceSchema, simulatorStatusSchema } from './channels/simulator.ts';
import { taskSchema } from './channels/tasks.ts';
import { monitorEventSchema } from './channels/monitor.ts';

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
  /** Serial ports appeared or went away (polled every second while the Serial area is open). */
  'serial:ports': z.object({ ports: z.array(serialPortSchema) }),
  /** The live serial console, batched and redacted. */
  'serial:console': z.object({ entries: z.array(consoleEntrySchema) }),
  /** A push moved to a step or finished one. */
  'serial:step': stepUpdateSchema,
  /** A batch of one monitor's hub events (a few per second at most); `dropped` counts what the bounded buffer let go. */
  'monitor:events': z.object({ monitorId: z.string(), events: z.array(monitorEventSchema), dropped: z.number().int() }),
  /** A monitor stopped on its own: its stream failed for good, or it was not kept alive. */
  'monitor:stopped': z.object({ monitorId: z.string(), reason: z.string() }),
  /** The enrollment index filled a page, finished a pass (rows removed outside the console) or failed. */
  'enrollments:index': enrollmentIndexEventSchema,
  /** The simulator's fleet: state, counters and the chart's points, at most once a second. */
  'simulator:status': simulatorStatusSchema,
  /** Simulated devices whose state changed and new device log lines, batched. */
  'simulator:updates': z.object({ devices: z.array(simulatedDeviceSchema), logs: z.array(deviceLogLineSchema) }),
};
