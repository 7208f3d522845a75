import { z } from 'zod';
import { channel } from '../channel-spec.ts';
import { taskSchema } from './tasks.ts';

/** The push steps, in order (assets/pi-agent/PROTOCOL.md). */
export const SERIAL_STEPS = ['detect', 'identify', 'derive', 'send', 'verify', 'commit', 'register'] as const;
export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400] as const;

const registrationId = z.string().regex(/^[a-z0-9.:_-]{1,128}$/, 'lower-case letters, digits, - . _ : (up to 128)');
const portPath = z.string().trim().min(1).max(260);
const baudRate = z.union(BAUD_RATES.map((rate) => z.literal(rate)) as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]]).default(115200);
const groupId = z.string().trim().min(1, 'name the enrollment group whose devices these are').max(128);

export const serialPortSchema = z.object({
  path: z.string(),
  manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
  pnpId: z.string().nullable(),
  /** USB gadget serial (0525:a4a7), the id a Pi running the agent shows. */
  likelyAgent: z.boolean(),
});
export type SerialPortInfo = z.infer<typeof serialPortSchema>;

export const stepUpdateSchema = z.object({
  pushId: z.string(),
  step: z.enum(SERIAL_STEPS),
  status: z.enum(['running', 'ok', 'failed', 'skipped']),
  at: z.number(),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type SerialStepUpdate = z.infer<typeof stepUpdateSchema>;

export const consoleEntrySchema = z.object({
  pushId: z.string().nullable(),
  at: z.number(),
  direction: z.enum(['rx', 'tx']),
  kind: z.enum(['text', 'frame', 'retry', 'closed']),
  /** Redacted: keys never cross. */
  text: z.string(),
});
export type SerialConsoleEntry = z.infer<typeof consoleEntrySchema>;

const pushTarget = z.object({
  path: portPath,
  baudRate,
  groupId,
  /** Wait for the device to register with DPS and report its hub. */
  register: z.boolean().default(true),
});

export const pushRequestSchema = pushTarget
  .extend({
    registrationId: registrationId.optional(),
    /** Use prefix + the device's serial number as the registration id. */
    registrationPrefix: z.string().max(64).regex(/^[a-z0-9.:_-]*$/, 'lower-case letters, digits, - . _ :').optional(),
    expectedSerial: z.string().trim().min(1).max(128).optional(),
  })
  .strict()
  .refine((r) => r.registrationId !== undefined || r.registrationPrefix !== undefined, { path: ['registrationId'], message: 'give a registration id, or take it from the device serial number' });

export const pushReportSchema = z.object({
  pushId: z.string(),
  ok: z.boolean(),
  registrationId: z.string().nullable(),
  serial: z.string().nullable(),
  keyFingerprint: z.string().nullable(),
  assignedHub: z.string().nullable(),
  error: z.object({ step: z.enum(SERIAL_STEPS), code: z.string(), message: z.string() }).nullable(),
});
export type SerialPushReport = z.infer<typeof pushReportSchema>;

export const queueItemSchema = z.object({ registrationId: registrationId.optional(), expectedSerial: z.string().max(128).optional() }).strict();

export const batchRequestSchema = pushTarget
  .extend({
    mode: z.enum(['csv', 'serial']),
    /** csv mode: the queue; serial mode: ignored. */
    items: z.array(queueItemSchema).max(10_000).default([]),
    /** serial mode: how many devices, each named prefix + serial number. */
    count: z.number().int().min(1).max(10_000).optional(),
    registrationPrefix: z.string().max(64).regex(/^[a-z0-9.:_-]*$/).default(''),
    /** 'replug': wait for the device to be swapped (the port to vanish and return) between devices. */
    advance: z.enum(['auto', 'replug']).default('replug'),
  })
  .strict()
  .refine((r) => (r.mode === 'csv' ? r.items.length > 0 : r.count !== undefined), { path: ['items'], message: 'the queue is empty' });

export const pushResultSchema = z.object({
  index: z.number().int(),
  registrationId: z.string(),
  serial: z.string().nullable(),
  status: z.enum(['passed', 'failed', 'duplicate']),
  step: z.string().nullable(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  keyFingerprint: z.string().nullable(),
  assignedHub: z.string().nullable(),
  at: z.number(),
});

const jobRef = z.object({ jobId: z.string().min(1).max(100) }).strict();

export const serialChannels = {
  /** The serial ports now present (and starts noticing plug/unplug, pushed as serial:ports). */
  'serial:ports': channel(z.object({}).strict(), z.object({ ports: z.array(serialPortSchema) })),
  /** One verified credential push; progress arrives as serial:step and serial:console. */
  'serial:push': channel(pushRequestSchema, pushReportSchema),
  'serial:cancel': channel(z.object({ pushId: z.string().min(1).max(100) }).strict(), z.object({ cancelled: z.boolean() })),
  /** Reads a pasted CSV queue: items, line problems, duplicates within it and ids already pushed. */
  'serial:parseQueue': channel(
    z.object({ text: z.string().max(2_000_000) }).strict(),
    z.object({
      items: z.array(queueItemSchema),
      problems: z.array(z.object({ line: z.number(), message: z.string() })),
      duplicates: z.array(z.string()),
      alreadyPushed: z.array(z.string()),
    }),
  ),
  'serial:startBatch': channel(batchRequestSchema, taskSchema),
  'serial:results': channel(jobRef, z.object({ results: z.array(pushResultSchema) })),
  /** The batch's results as CSV: ids, outcomes, key fingerprints; never a key. */
  'serial:exportResults': channel(jobRef, z.object({ fileName: z.string(), csv: z.string() })),
};
