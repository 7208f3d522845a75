import { z } from 'zod';
import { PROFILE_MESSAGES } from './profile-messages.ts';

/** The id of the built-in profile that points at the local sandbox; it always exists. */
export const SANDBOX_PROFILE_ID = 'sandbox';
export const DEFAULT_GLOBAL_DEVICE_ENDPOINT = 'global.azure-devices-provisioning.net';

/** One endpoint as the renderer may see it: host and policy names, and only the last characters of the key. */
export const endpointSummarySchema = z.object({
  host: z.string(),
  policyName: z.string().nullable(),
  /** e.g. "…Xy2=" — enough to tell two keys apart, useless to an attacker. */
  keyTail: z.string().nullable(),
});
export type EndpointSummary = z.infer<typeof endpointSummarySchema>;

export const entraConfigSchema = z
  .object({
    tenantId: z.string().trim().min(1, PROFILE_MESSAGES.entraTenantRequired),
    clientId: z.string().trim().min(1, PROFILE_MESSAGES.entraClientRequired),
    flow: z.enum(['interactive', 'deviceCode']),
  })
  .strict();
export type EntraConfig = z.infer<typeof entraConfigSchema>;

/** An Azure profile as stored in the settings file: everything but the secrets, which live in the vault. */
export const azureProfileRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.literal('azure'),
  auth: z.enum(['keys', 'entra']),
  dps: endpointSummarySchema.extend({ idScope: z.string(), globalEndpoint: z.string() }),
  hubs: z.array(endpointSummarySchema),
  eventHub: z.object({ host: z.string(), consumerGroup: z.string(), policyName: z.string().nullable(), keyTail: z.string().nullable() }).nullable(),
  /** An extra trusted CA (PEM). Public material, so not a secret. */
  caCertificatePem: z.string().nullable(),
  entra: entraConfigSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AzureProfileRecord = z.infer<typeof azureProfileRecordSchema>;

/** Masks a key to its tail, the only part of a key that may leave the main process. */
export function maskKeyTail(key: string): string {
  return `…${key.slice(-4)}`;
}
