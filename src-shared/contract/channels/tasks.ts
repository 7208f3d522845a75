import { z } from 'zod';
import { channel } from '../channel-spec.ts';

export const TASK_STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;

/** A cancellable, resumable job (CSV import, bulk update, serial batch, fleet) as the renderer sees it. */
export const taskSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  status: z.enum(TASK_STATUSES),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  startedAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** Why it failed or stopped, in words; never a secret. */
  message: z.string().nullable(),
  /** The runner's own small summary (counts, file names), JSON-able, no secrets. */
  summary: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type Task = z.infer<typeof taskSchema>;

const jobRef = z.object({ id: z.string().min(1).max(100) }).strict();

/** Tasks of the active profile: list them, cancel one, resume one that was cancelled or interrupted. */
export const taskChannels = {
  'tasks:list': channel(z.object({ kind: z.string().max(60).optional() }).strict(), z.object({ tasks: z.array(taskSchema) })),
  'tasks:cancel': channel(jobRef, taskSchema),
  'tasks:resume': channel(jobRef, taskSchema),
};
