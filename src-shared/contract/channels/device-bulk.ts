import { z } from 'zod';
import { channel } from '../channel-spec.ts';
import { taskSchema } from './tasks.ts';

const hubHost = z.string().min(1).max(300);
const jsonObject = z.record(z.string(), z.unknown());

/** Bulk identities: twin updates over a selection and imports run as tasks; exports come back as a file's text. */
export const deviceBulkChannels = {
  'devices:bulkTwin': channel(
    z
      .object({
        hubHost,
        deviceIds: z.array(z.string().min(1).max(128)).min(1).max(10_000),
        patch: z.object({ tags: jsonObject.optional(), properties: z.object({ desired: jsonObject }).strict().optional() }).strict(),
      })
      .strict(),
    taskSchema,
  ),
  'devices:importIdentities': channel(z.object({ hubHost, format: z.enum(['csv', 'json']), text: z.string().min(1).max(20 * 1024 * 1024) }).strict(), taskSchema),
  /** Keys are in the file only when asked for and confirmed; such an export is recorded as keys-exported. */
  'devices:exportIdentities': channel(
    z
      .object({ hubHost, format: z.enum(['csv', 'json']), query: z.string().min(1).max(8000).default('SELECT * FROM devices'), includeKeys: z.boolean().default(false), confirmed: z.literal(true).optional() })
      .strict()
      .refine((r) => !r.includeKeys || r.confirmed === true, { message: 'An export with keys needs confirmed: true', path: ['confirmed'] }),
    z.object({ fileName: z.string(), text: z.string(), count: z.number() }),
  ),
  'devices:bulkResults': channel(
    z.object({ taskId: z.string().min(1).max(100), limit: z.number().int().min(1).max(10_000).default(1000) }).strict(),
    z.object({ rows: z.array(z.object({ deviceId: z.string(), outcome: z.enum(['ok', 'failed']), message: z.string().nullable() })) }),
  ),
};
