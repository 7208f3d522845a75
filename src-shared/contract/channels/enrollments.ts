import { z } from 'zod';
import { channel } from '../channel-spec.ts';
import {
  ENROLLMENT_KINDS,
  certificateFactsSchema,
  enrollmentInputSchema,
  enrollmentViewSchema,
  indexRowSchema,
  registrationStateSchema,
} from '../../domain/enrollment.ts';
import { taskSchema } from './tasks.ts';

const kind = z.enum(ENROLLMENT_KINDS);
const id = z.string().min(1).max(128);
const ids = z.array(id).min(1).max(10_000);
const ok = z.object({ ok: z.literal(true) });

export const SORT_FIELDS = ['id', 'deviceId', 'status', 'attestation', 'allocationPolicy', 'hub', 'registrationStatus', 'serialNumber', 'customer', 'model', 'createdAt', 'updatedAt'] as const;
export const FILTER_FIELDS = ['status', 'attestation', 'allocationPolicy', 'hub', 'registrationStatus', 'customer', 'model'] as const;

export const freshnessSchema = z.object({
  /** empty: never read; filling: a pass is under way or was cut short; complete: the last pass finished. */
  state: z.enum(['empty', 'filling', 'complete']),
  syncedAt: z.number().nullable(),
  seen: z.number(),
  filling: z.boolean(),
});

const importOptions = z
  .object({
    template: z.string().max(200).optional(),
    status: z.enum(['enabled', 'disabled']).optional(),
    allocationPolicy: z.enum(['hashed', 'geoLatency', 'static']).optional(),
    iotHubs: z.array(z.string().min(1).max(300)).max(50).optional(),
  })
  .strict();
/** The file itself crosses once; the web shell caps a request at 1 MiB (larger files: the CLI). */
const importFile = z.object({ fileName: z.string().min(1).max(260), csv: z.string().max(1_000_000), options: importOptions.default({}) }).strict();

const previewRow = z.object({
  row: z.number(),
  registrationId: z.string().nullable(),
  serialNumber: z.string().nullable(),
  customer: z.string().nullable(),
  model: z.string().nullable(),
  state: z.enum(['new', 'exists', 'duplicate', 'invalid']),
  problems: z.array(z.object({ column: z.string(), message: z.string() })),
});

const fieldChange = z.object({ field: z.string(), loaded: z.string(), current: z.string() });

const overview = z.object({
  kind: z.enum(['sandbox', 'azure']),
  idScope: z.string(),
  serviceEndpoint: z.string(),
  globalDeviceEndpoint: z.string(),
  linkedHubs: z.array(z.object({ host: z.string(), allocationWeight: z.number() })),
  operations: z.object({ today: z.number(), month: z.number(), total: z.number(), registrations: z.number().nullable() }),
  pricePer1000: z.number(),
  estimatedCost: z.object({ today: z.number(), month: z.number(), total: z.number() }),
});

/** The Enrollments area. Only `reveal-key`, `derive-key` (reveal) and `cards` ever answer with a key, each on an explicit, recorded action. */
export const enrollmentChannels = {
  'enrollments:list': channel(
    z
      .object({
        kind,
        search: z.string().max(200).optional(),
        filters: z.partialRecord(z.enum(FILTER_FIELDS), z.string().max(300)).optional(),
        sort: z.object({ field: z.enum(SORT_FIELDS), direction: z.enum(['asc', 'desc']) }).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    z.object({ rows: z.array(indexRowSchema), total: z.number(), freshness: freshnessSchema }),
  ),
  'enrollments:refresh': channel(z.object({ kind }).strict(), freshnessSchema),
  'enrollments:get': channel(z.object({ kind, id }).strict(), enrollmentViewSchema),
  'enrollments:save': channel(
    z.object({ input: enrollmentInputSchema, loaded: enrollmentViewSchema.optional() }).strict(),
    z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('saved'), enrollment: enrollmentViewSchema }),
      z.object({ outcome: z.literal('conflict'), current: enrollmentViewSchema, changes: z.array(fieldChange) }),
    ]),
  ),
  'enrollments:delete': channel(z.object({ kind, id, etag: z.string().max(200).optional() }).strict(), ok),
  'enrollments:bulk': channel(
    z.object({ kind, action: z.enum(['enable', 'disable', 'delete']), ids }).strict(),
    z.object({ results: z.array(z.object({ id: z.string(), ok: z.boolean(), message: z.string().nullable() })) }),
  ),
  'enrollments:certificate': channel(z.object({ pem: z.string().min(1).max(20_000) }).strict(), certificateFactsSchema),
  'enrollments:revealKey': channel(z.object({ kind, id, which: z.enum(['primary', 'secondary']) }).strict(), z.object({ key: z.string() })),
  'enrollments:deriveKey': channel(
    z.object({ groupId: id, registrationId: id, reveal: z.boolean().default(false) }).strict(),
    z.object({ fingerprint: z.string(), key: z.string().nullable() }),
  ),
  'enrollments:groupRegistrations': channel(
    z.object({ groupId: id, continuation: z.string().max(2000).nullable().default(null) }).strict(),
    z.object({ items: z.array(registrationStateSchema), continuation: z.string().nullable() }),
  ),
  'enrollments:registration': channel(z.object({ registrationId: id }).strict(), z.object({ state: registrationStateSchema.nullable() })),
  'enrollments:deleteRegistration': channel(z.object({ registrationId: id }).strict(), ok),
  'enrollments:importPreview': channel(
    importFile,
    z.object({ total: z.number(), counts: z.object({ new: z.number(), exists: z.number(), duplicate: z.number(), invalid: z.number() }), rows: z.array(previewRow) }),
  ),
  'enrollments:importStart': channel(importFile, taskSchema),
  'enrollments:importResults': channel(
    z.object({ jobId: z.string().min(1).max(100), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(1000) }).strict(),
    z.object({ total: z.number(), rows: z.array(z.object({ row: z.number(), registrationId: z.string().nullable(), outcome: z.string(), message: z.string().nullable() })) }),
  ),
  'enrollments:importExport': channel(z.object({ jobId: z.string().min(1).max(100) }).strict(), z.object({ fileName: z.string(), csv: z.string() })),
  'enrollments:cards': channel(
    z
      .object({
        devices: z.array(z.object({ registrationId: id, groupId: id.optional() }).strict()).min(1).max(10_000),
        format: z.enum(['csv', 'json', 'mail']),
        /** The operator ticked "this file contains secrets". */
        confirmSecrets: z.literal(true, { error: 'Confirm that the file contains secrets' }),
        template: z.string().max(4000).optional(),
      })
      .strict(),
    z.object({ fileName: z.string(), content: z.string(), count: z.number() }),
  ),
  'enrollments:labels': channel(z.object({ registrationIds: z.array(id).min(1).max(500) }).strict(), z.object({ labels: z.array(z.object({ registrationId: z.string(), svg: z.string() })) })),
  'enrollments:mailTemplate': channel(z.object({}).strict(), z.object({ template: z.string() })),
  'enrollments:overview': channel(z.object({}).strict(), overview),
  'enrollments:setPrice': channel(z.object({ pricePer1000: z.number().positive().max(1000) }).strict(), z.object({ pricePer1000: z.number() })),
};

/** Pushed while the index fills or catches up, and when a pass ends (with how many rows went). */
export const enrollmentIndexEventSchema = z.object({
  kind,
  state: z.enum(['empty', 'filling', 'complete']),
  rows: z.number(),
  seen: z.number(),
  syncedAt: z.number().nullable(),
  removed: z.number(),
  error: z.string().nullable(),
});
