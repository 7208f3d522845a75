import { z } from 'zod';
import { channel } from '../channel-spec.ts';

/** The sandbox's endpoints as the renderer may see them: hosts, scope, CA path — never a key. */
export const sandboxEndpointsSummarySchema = z.object({
  idScope: z.string(),
  provisioningHost: z.string(),
  hubHostNames: z.array(z.string()),
  caCertificatePath: z.string(),
});
export type SandboxEndpointsSummary = z.infer<typeof sandboxEndpointsSummarySchema>;

export const sandboxStatusSchema = z.object({
  state: z.enum(['stopped', 'starting', 'running', 'crashed']),
  pid: z.number().int().nullable(),
  /** Epoch ms when the running process became ready; null unless running. */
  startedAt: z.number().nullable(),
  uptimeMs: z.number().nullable(),
  /** Restarts after crashes since the console started. */
  restarts: z.number().int(),
  /** Why the last start or run failed, without secrets. */
  lastError: z.string().nullable(),
  endpoints: sandboxEndpointsSummarySchema.nullable(),
});
export type SandboxStatus = z.infer<typeof sandboxStatusSchema>;

export const sandboxCountsSchema = z.object({
  enrollments: z.number().int(),
  enrollmentGroups: z.number().int(),
  registrations: z.number().int(),
  hubs: z.array(z.object({ hostName: z.string(), devices: z.number().int(), connectedDevices: z.number().int() })),
});
export type SandboxCounts = z.infer<typeof sandboxCountsSchema>;

/** The built-in sandbox: its process status, restart, reset (wipes its data) and what it holds. */
export const sandboxChannels = {
  'sandbox:status': channel(z.object({}).strict(), sandboxStatusSchema),
  'sandbox:restart': channel(z.object({}).strict(), sandboxStatusSchema),
  /** Deletes every enrollment, registration and device; the renderer asks the operator first. */
  'sandbox:reset': channel(z.object({ confirmed: z.literal(true) }).strict(), sandboxStatusSchema),
  'sandbox:counts': channel(z.object({}).strict(), sandboxCountsSchema),
};
