import { z } from 'zod';
import { channel } from '../channel-spec.ts';

const hubHost = z.string().min(1).max(300);
const jobId = z.string().min(1).max(128).regex(/^[A-Za-z0-9\-._]+$/, 'A job id is letters, digits, - . _');
const condition = z.string().trim().min(1).max(8000);
const jsonObject = z.record(z.string(), z.unknown());

export const JOB_STATUSES = ['queued', 'scheduled', 'running', 'cancelled', 'finished', 'failed', 'completed', 'unknown'] as const;

export const jobSchema = z.object({
  jobId: z.string(),
  type: z.enum(['scheduleUpdateTwin', 'scheduleDeviceMethod']),
  status: z.enum(JOB_STATUSES),
  queryCondition: z.string(),
  createdTime: z.string().nullable(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  maxExecutionTimeInSeconds: z.number().nullable(),
  failureReason: z.string().nullable(),
  statistics: z.object({
    deviceCount: z.number(),
    succeededCount: z.number(),
    failedCount: z.number(),
    pendingCount: z.number(),
    runningCount: z.number(),
  }),
  /** What the job does: the twin patch, or the method name and payload, as JSON text. */
  detail: z.string(),
});
export type Job = z.infer<typeof jobSchema>;

export const deviceJobResultSchema = z.object({
  deviceId: z.string(),
  status: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  /** The method's answer or the error, as JSON text. */
  outcome: z.string().nullable(),
});
export type DeviceJobResult = z.infer<typeof deviceJobResultSchema>;

export const scheduleJobSchema = z
  .object({
    hubHost,
    jobId: jobId.optional(),
    /** The WHERE part of a device query (without "WHERE"). */
    condition,
    action: z.discriminatedUnion('type', [
      z.object({ type: z.literal('twin'), tags: jsonObject.optional(), desired: jsonObject.optional() }).strict(),
      z.object({ type: z.literal('method'), methodName: z.string().trim().min(1).max(100), payload: z.string().max(128 * 1024).default(''), responseTimeoutInSeconds: z.number().int().min(5).max(300).default(30) }).strict(),
    ]),
    /** ISO time to start; absent starts now. */
    startTime: z.iso.datetime({ offset: true }).optional(),
    maxExecutionTimeInSeconds: z.number().int().min(60).max(172_800).default(3600),
  })
  .strict();
export type ScheduleJobRequest = z.input<typeof scheduleJobSchema>;

/** Jobs over many devices: preview a condition's match count, schedule twin updates or methods, follow, cancel, read per-device results. */
export const jobChannels = {
  'jobs:preview': channel(z.object({ hubHost, condition }).strict(), z.object({ matching: z.number() })),
  'jobs:schedule': channel(scheduleJobSchema, jobSchema),
  'jobs:list': channel(z.object({ hubHost }).strict(), z.object({ jobs: z.array(jobSchema) })),
  'jobs:get': channel(z.object({ hubHost, jobId }).strict(), jobSchema),
  /** Cancels a job that has not finished; the renderer asks first. */
  'jobs:cancel': channel(z.object({ hubHost, jobId, confirmed: z.literal(true) }).strict(), jobSchema),
  'jobs:results': channel(
    z.object({ hubHost, jobId }).strict(),
    z.object({ results: z.array(deviceJobResultSchema), supported: z.boolean(), message: z.string().nullable() }),
  ),
};
