import { z } from 'zod';
import { channel } from '../channel-spec.ts';

const hubHost = z.string().min(1).max(300);
/** The service's rule for device ids: up to 128 of letters, digits and - . % _ * ? ! ( ) , : = @ $ ' */
export const deviceIdSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9\-.%_*?!(),:=@$']+$/, 'A device id is 1–128 letters, digits or - . % _ * ? ! ( ) , : = @ $ \'');
const jsonObject = z.record(z.string(), z.unknown());

/** One row of the device list: the columns the list shows, from the twin the query returned. */
export const deviceRowSchema = z.object({
  deviceId: z.string(),
  status: z.string().nullable(),
  connectionState: z.string().nullable(),
  lastActivityTime: z.string().nullable(),
  authenticationType: z.string().nullable(),
  tags: jsonObject.nullable(),
});
export type DeviceRow = z.infer<typeof deviceRowSchema>;

export const devicePageSchema = z.object({
  /** Twins as rows, for `SELECT *` queries. */
  items: z.array(deviceRowSchema),
  /** Projections and aggregates (`SELECT deviceId, tags.x`, `COUNT()`), as the service returned them. */
  records: z.array(jsonObject),
  continuationToken: z.string().nullable(),
});
export type DevicePage = z.infer<typeof devicePageSchema>;

export const savedQuerySchema = z.object({ name: z.string(), query: z.string(), updatedAt: z.number() });
export type SavedQuery = z.infer<typeof savedQuerySchema>;

export const AUTH_TYPES = ['sas', 'selfSigned', 'certificateAuthority', 'none'] as const;

/** A device identity as the renderer may see it: keys only as fingerprints. */
export const deviceIdentitySchema = z.object({
  deviceId: z.string(),
  etag: z.string().nullable(),
  status: z.enum(['enabled', 'disabled']),
  statusReason: z.string().nullable(),
  authType: z.enum(AUTH_TYPES),
  primaryKeyFingerprint: z.string().nullable(),
  secondaryKeyFingerprint: z.string().nullable(),
  primaryThumbprint: z.string().nullable(),
  secondaryThumbprint: z.string().nullable(),
  connectionState: z.string().nullable(),
  lastActivityTime: z.string().nullable(),
  cloudToDeviceMessageCount: z.number().nullable(),
});
export type DeviceIdentity = z.infer<typeof deviceIdentitySchema>;

export const deviceDetailsSchema = z.object({ identity: deviceIdentitySchema, twin: jsonObject });
export type DeviceDetails = z.infer<typeof deviceDetailsSchema>;

const thumbprint = z.string().regex(/^[0-9A-Fa-f]{40}$|^[0-9A-Fa-f]{64}$/, 'A thumbprint is 40 (SHA-1) or 64 (SHA-256) hex digits');

export const createDeviceSchema = z
  .object({
    hubHost,
    deviceId: deviceIdSchema,
    status: z.enum(['enabled', 'disabled']).default('enabled'),
    auth: z.discriminatedUnion('type', [
      z.object({ type: z.literal('sas') }).strict(),
      z.object({ type: z.literal('selfSigned'), primaryThumbprint: thumbprint, secondaryThumbprint: thumbprint.optional() }).strict(),
      z.object({ type: z.literal('certificateAuthority') }).strict(),
    ]),
  })
  .strict();
export type CreateDeviceRequest = z.input<typeof createDeviceSchema>;

const deviceRef = z.object({ hubHost, deviceId: deviceIdSchema }).strict();

export const twinPatchRequestSchema = z
  .object({
    hubHost,
    deviceId: deviceIdSchema,
    /** The etag of the twin the edit started from; a newer twin on the hub refuses the patch (412). */
    etag: z.string().min(1).max(200),
    patch: z.object({ tags: jsonObject.optional(), properties: z.object({ desired: jsonObject }).strict().optional() }).strict(),
  })
  .strict();

/** Device list and identities: query with paging, saved queries, create/enable/disable/regenerate/delete, twin read and patch. */
export const deviceChannels = {
  /** The hubs of the active profile, in profile order. */
  'devices:hubs': channel(z.object({}).strict(), z.object({ hubs: z.array(z.string()) })),
  'devices:query': channel(
    z.object({ hubHost, query: z.string().min(1).max(8000), pageSize: z.number().int().min(1).max(1000).default(100), continuationToken: z.string().max(4000).optional() }).strict(),
    devicePageSchema,
  ),
  'devices:savedQueries': channel(z.object({}).strict(), z.object({ queries: z.array(savedQuerySchema) })),
  'devices:saveQuery': channel(z.object({ name: z.string().trim().min(1).max(100), query: z.string().min(1).max(8000) }).strict(), savedQuerySchema),
  'devices:deleteQuery': channel(z.object({ name: z.string().min(1).max(100) }).strict(), z.object({ deleted: z.boolean() })),
  'devices:get': channel(deviceRef, deviceDetailsSchema),
  'devices:create': channel(createDeviceSchema, deviceIdentitySchema),
  'devices:setStatus': channel(z.object({ hubHost, deviceId: deviceIdSchema, status: z.enum(['enabled', 'disabled']) }).strict(), deviceIdentitySchema),
  'devices:regenerateKeys': channel(z.object({ hubHost, deviceId: deviceIdSchema, which: z.enum(['primary', 'secondary', 'both']) }).strict(), deviceIdentitySchema),
  /** Deletes the identity; the renderer asks the operator first. */
  'devices:delete': channel(z.object({ hubHost, deviceId: deviceIdSchema, confirmed: z.literal(true) }).strict(), z.object({ deleted: z.boolean() })),
  /** Shows a device's keys on the operator's explicit request; recorded as keys-revealed (without the keys). */
  'devices:revealKeys': channel(
    z.object({ hubHost, deviceId: deviceIdSchema, confirmed: z.literal(true) }).strict(),
    z.object({ primaryKey: z.string(), secondaryKey: z.string(), connectionString: z.string() }),
  ),
  'devices:patchTwin': channel(twinPatchRequestSchema, deviceDetailsSchema.shape.twin),
};
