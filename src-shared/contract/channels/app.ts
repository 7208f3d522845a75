import { z } from 'zod';
import { channel } from '../channel-spec.ts';

export const versionsSchema = z.object({
  app: z.string(),
  node: z.string(),
  electron: z.string().nullable(),
  chrome: z.string().nullable(),
  platform: z.string(),
  arch: z.string(),
  shell: z.enum(['electron', 'web']),
});
export type Versions = z.infer<typeof versionsSchema>;

/** The app's own channels: health and identity of the main process. */
export const appChannels = {
  'app:ping': channel(
    z.object({ sentAt: z.number().finite() }).strict(),
    z.object({ sentAt: z.number(), receivedAt: z.number(), uptimeMs: z.number() }),
  ),
  'app:versions': channel(z.object({}).strict(), versionsSchema),
};
