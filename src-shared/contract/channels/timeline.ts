import { z } from 'zod';
import { channel } from '../channel-spec.ts';

/** One stored event as the timeline shows it (never a secret: detail passed the redactor). */
export const timelineEventSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  kind: z.string(),
  source: z.string(),
  registrationId: z.string().nullable(),
  deviceId: z.string().nullable(),
  hubHost: z.string().nullable(),
  outcome: z.enum(['ok', 'failed']).nullable(),
  station: z.string(),
  operator: z.string(),
  detail: z.record(z.string(), z.unknown()),
  /** Milliseconds since the previous event of this device (null for the first). */
  sincePreviousMs: z.number().nullable(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const DEVICE_STATUSES = ['enrolled', 'attempted', 'failed', 'registered', 'connected', 'telemetry', 'provisioned', 'deleted', 'seen'] as const;

/** One device as the inventory knows it, from its events. */
export const inventoryRowSchema = z.object({
  registrationId: z.string().nullable(),
  deviceId: z.string().nullable(),
  hubHost: z.string().nullable(),
  enrollmentGroup: z.string().nullable(),
  serialNumber: z.string().nullable(),
  customer: z.string().nullable(),
  model: z.string().nullable(),
  status: z.enum(DEVICE_STATUSES),
  failureReason: z.string().nullable(),
  enrolledAt: z.number().nullable(),
  registeredAt: z.number().nullable(),
  connectedAt: z.number().nullable(),
  firstTelemetryAt: z.number().nullable(),
  statusReportedAt: z.number().nullable(),
  lastSeenAt: z.number(),
  lastKind: z.string(),
});
export type InventoryRow = z.infer<typeof inventoryRowSchema>;

/** Where the timeline points for more: the enrollment, the twin, the serial push record. */
export const deviceLinksSchema = z.object({
  enrollment: z.object({ kind: z.enum(['individual', 'group']), id: z.string() }).nullable(),
  twin: z.object({ hubHost: z.string(), deviceId: z.string() }).nullable(),
  serialPush: z.object({ eventId: z.number().int(), at: z.number(), step: z.string().nullable() }).nullable(),
});

export const FUNNEL_STAGES = ['enrolled', 'registered', 'connected', 'firstTelemetry', 'statusReported'] as const;
export const STUCK_STAGES = ['notRegistered', 'notConnected', 'silent'] as const;

const percentilesSchema = z.object({ count: z.number().int(), p50: z.number().nullable(), p90: z.number().nullable(), p99: z.number().nullable(), max: z.number().nullable() });

export const funnelSchema = z.object({
  total: z.number().int(),
  stages: z.array(z.object({ stage: z.enum(FUNNEL_STAGES), count: z.number().int() })),
  /** Time from one stage to the next (ms), over devices that reached both. */
  transitions: z.array(z.object({ from: z.enum(FUNNEL_STAGES), to: z.enum(FUNNEL_STAGES), ms: percentilesSchema })),
  failed: z.number().int(),
  timeToProvision: z.object({ ms: percentilesSchema, histogram: z.array(z.object({ upToMs: z.number(), count: z.number().int() })) }),
});
export type Funnel = z.infer<typeof funnelSchema>;

const text = (max: number) => z.string().trim().max(max);
export const fleetFilterSchema = z
  .object({
    since: z.number().int().nonnegative().optional(),
    hubHost: text(260).optional(),
    customer: text(200).optional(),
    enrollmentGroup: text(200).optional(),
  })
  .strict();
export type FleetFilter = z.infer<typeof fleetFilterSchema>;

export const findingSchema = z.object({
  id: z.string(),
  kind: z.enum(['hub-device-missing', 'no-enrollment', 'enrollment-disabled', 'duplicate-across-hubs']),
  registrationId: z.string().nullable(),
  deviceId: z.string(),
  hubHosts: z.array(z.string()),
  /** In words: what is wrong. */
  summary: z.string(),
  /** In words: what the fix will do once the operator confirms. */
  fix: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const exportFormats = z.enum(['jsonl', 'csv']);

/** The Timeline area: device timelines, the fleet funnel, inventory, exports, retention, reconciliation. */
export const timelineChannels = {
  'timeline:device': channel(
    z.object({ id: text(260).min(1) }).strict(),
    z.object({ device: inventoryRowSchema.nullable(), events: z.array(timelineEventSchema), links: deviceLinksSchema }),
  ),
  'timeline:funnel': channel(fleetFilterSchema, funnelSchema),
  'timeline:stuck': channel(
    z.object({ stage: z.enum(STUCK_STAGES), olderThanMs: z.number().int().min(0).max(365 * 86_400_000), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    z.object({ devices: z.array(inventoryRowSchema) }),
  ),
  'timeline:inventory': channel(
    z.object({ query: text(200).optional(), since: z.number().int().nonnegative().optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
    z.object({ rows: z.array(inventoryRowSchema), total: z.number().int() }),
  ),
  'timeline:export': channel(
    z.object({ what: z.enum(['events', 'inventory']), format: exportFormats, since: z.number().int().nonnegative().optional() }).strict(),
    z.object({ fileName: z.string(), text: z.string(), rows: z.number().int() }),
  ),
  'timeline:retention': channel(
    z.object({ days: z.number().int().min(1).max(3650).nullable().optional() }).strict(),
    z.object({ days: z.number().int().nullable(), removed: z.number().int() }),
  ),
  /** Asks DPS now for the registration records of devices not yet seen registering (the background poll, at once). */
  'timeline:poll': channel(z.object({}).strict(), z.object({ recorded: z.number().int() })),
  'timeline:reconcile': channel(z.object({}).strict(), z.object({ findings: z.array(findingSchema), scannedAt: z.number() })),
  'timeline:fix': channel(z.object({ id: text(2000).min(1), confirmed: z.literal(true) }).strict(), z.object({ fixed: z.boolean(), message: z.string() })),
};
