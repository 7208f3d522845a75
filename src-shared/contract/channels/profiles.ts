import { z } from 'zod';
import { channel } from '../channel-spec.ts';
import { ERROR_CODES } from '../result.ts';
import { azureProfileRecordSchema, entraConfigSchema } from '../../domain/profile.ts';
import { PROFILE_MESSAGES } from '../../domain/profile-messages.ts';

/** What the renderer may know of a profile: names and hosts, never a key or connection string. */
export const profileSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['sandbox', 'azure']),
  dpsHost: z.string().nullable(),
  hubHosts: z.array(z.string()),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

const id = z.string().min(1, 'Choose a profile').max(100);
const name = z.string().trim().min(1, PROFILE_MESSAGES.profileNameRequired).max(80, PROFILE_MESSAGES.profileNameTooLong);
const secretText = z.string().max(4096, PROFILE_MESSAGES.connectionStringTooLong);

/**
 * A profile as the operator types it. Connection strings travel renderer → main only; on update an
 * omitted or empty connection string keeps the stored one (the form never receives it back).
 */
export const profileInputSchema = z
  .object({
    name,
    auth: z.enum(['keys', 'entra']).default('keys'),
    dpsConnectionString: secretText.optional(),
    /** Entra ID profiles name the DPS host instead of pasting a connection string. */
    dpsHost: z.string().max(253).optional(),
    idScope: z.string().max(64),
    globalEndpoint: z.string().max(253).optional(),
    hubs: z
      .array(z.object({ connectionString: secretText.optional(), host: z.string().max(253).optional() }).strict())
      .min(1, PROFILE_MESSAGES.hubsRequired)
      .max(16),
    eventHub: z.object({ connectionString: secretText.optional(), consumerGroup: z.string().max(50).optional() }).strict().nullable().optional(),
    caCertificatePem: z.string().max(65536).nullable().optional(),
    entra: entraConfigSchema.nullable().optional(),
    /**
     * Entra ID only: the operator confirmed that the DPS or hub hosts outside Azure's host names
     * may receive their sign-in token. Without it such a host is refused.
     */
    confirmNonAzureHosts: z.boolean().optional(),
  })
  .strict();
export type ProfileInput = z.input<typeof profileInputSchema>;

// key and params as on ErrorDetail, so a warning can be translated like an error.
const fieldNoteSchema = z.object({ path: z.string(), message: z.string(), key: z.string().optional(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

export const profileDetailsSchema = z.object({
  summary: profileSummarySchema,
  /** Null for the Sandbox, whose endpoints come from the running sandbox. */
  azure: azureProfileRecordSchema.nullable(),
  /** Sandbox only: whether it runs right now. */
  sandboxRunning: z.boolean().nullable(),
  /** Secrets the profile needs but the vault does not hold (e.g. after import, or a session-only vault after restart). */
  missingSecrets: z.array(z.string()),
  /** Things that will not stop saving but will stop a feature, e.g. a policy without RegistryWrite. */
  warnings: z.array(fieldNoteSchema),
});
export type ProfileDetails = z.infer<typeof profileDetailsSchema>;

export const connectionTestResultSchema = z.object({
  endpoint: z.enum(['dps', 'hub']),
  host: z.string(),
  ok: z.boolean(),
  code: z.enum(ERROR_CODES).nullable(),
  message: z.string(),
  durationMs: z.number(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

export const profileUsageEntrySchema = z.object({
  at: z.string(),
  profileId: z.string(),
  profileName: z.string(),
  kind: z.enum(['sandbox', 'azure']),
  operation: z.string(),
  host: z.string().nullable(),
  outcome: z.enum(['ok', 'error']),
  errorCode: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type ProfileUsageEntry = z.infer<typeof profileUsageEntrySchema>;

/** Connection profiles: the app bar's switcher uses list/activate, Settings → Profiles the rest. */
export const profileChannels = {
  'profiles:list': channel(z.object({}).strict(), z.object({ activeId: z.string(), profiles: z.array(profileSummarySchema) })),
  'profiles:activate': channel(z.object({ id }).strict(), profileSummarySchema),
  'profiles:get': channel(z.object({ id }).strict(), profileDetailsSchema),
  'profiles:create': channel(z.object({ profile: profileInputSchema }).strict(), profileDetailsSchema),
  'profiles:update': channel(z.object({ id, profile: profileInputSchema }).strict(), profileDetailsSchema),
  'profiles:rename': channel(z.object({ id, name }).strict(), profileSummarySchema),
  'profiles:delete': channel(z.object({ id }).strict(), z.object({ activeId: z.string() })),
  'profiles:testConnection': channel(z.object({ id }).strict(), z.object({ results: z.array(connectionTestResultSchema) })),
  'profiles:export': channel(z.object({ ids: z.array(id).optional() }).strict(), z.object({ fileName: z.string(), json: z.string() })),
  'profiles:import': channel(
    z.object({ json: z.string().min(1, 'Choose a profiles file').max(1_000_000, 'The file is too large to be a profiles export') }).strict(),
    z.object({ imported: z.array(profileSummarySchema) }),
  ),
  'profiles:usage': channel(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(), z.object({ entries: z.array(profileUsageEntrySchema) })),
};
