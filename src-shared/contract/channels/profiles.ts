import { z } from 'zod';
import { channel } from '../channel-spec.ts';

/** What the renderer may know of a profile: names and hosts, never a key or connection string. */
export const profileSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['sandbox', 'azure']),
  dpsHost: z.string().nullable(),
  hubHosts: z.array(z.string()),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

/** Connection profiles. The profiles issue extends this file; the app bar's switcher uses list/activate. */
export const profileChannels = {
  'profiles:list': channel(z.object({}).strict(), z.object({ activeId: z.string(), profiles: z.array(profileSummarySchema) })),
  'profiles:activate': channel(z.object({ id: z.string().min(1) }).strict(), profileSummarySchema),
};
