import { z } from 'zod';

/**
 * The function host child's pipe protocol: one JSON object per line. The console writes the
 * config line first (it holds the ADT token, so it goes over the pipe, never argv or env), then
 * events; the child answers with a ready line, then call records. No record carries a secret.
 */
export const hostConfigSchema = z.object({
  digitalTwinsUrl: z.string().url(),
  accessToken: z.string().min(1),
  caCertificatePath: z.string().optional(),
  /** Folder of the seed's modules (assets/functions/src/lib). */
  libDir: z.string().min(1),
  /** The operator's own allocation module (exports `allocate`), served as /allocate/custom. */
  customAllocationModule: z.string().optional(),
  /** A function call that takes longer is answered 504 and logged as timed out. */
  callTimeoutMs: z.number().int().positive().default(10_000),
  /** Loopback port for the webhook: a restarted host keeps the port, so enrollment groups keep working (0 = any). */
  port: z.number().int().min(0).max(65535).default(0),
  /** Telemetry/lifecycle calls running at once (per device they stay in order). */
  concurrency: z.number().int().positive().default(32),
});
export type HostConfig = z.infer<typeof hostConfigSchema>;

export const hostEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('telemetry'), deviceId: z.string(), body: z.unknown(), properties: z.record(z.string(), z.string()) }),
  z.object({ type: z.literal('lifecycle'), deviceId: z.string(), opType: z.string().nullable(), properties: z.record(z.string(), z.string()) }),
]);
export type HostEvent = z.infer<typeof hostEventSchema>;

export type FunctionName = 'allocation' | 'telemetry' | 'lifecycle';

/** One function run, as the console logs it (Allocation lab, timeline). */
export interface CallRecord {
  type: 'call';
  fn: FunctionName;
  /** Which allocation module: the seed's or the operator's. */
  module?: 'seed' | 'custom';
  at: number;
  ms: number;
  ok: boolean;
  status?: number;
  deviceId?: string;
  dtId?: string;
  /** Why it refused or failed (the function's own words), or what it skipped. */
  reason?: string;
  /** The allocation answer (hub + initial twin): carries no secret. */
  answer?: unknown;
}

export interface ReadyRecord {
  type: 'ready';
  allocationUrl: string;
  customAllocationUrl?: string;
  /** The operator's module did not load (its error, or that it exports no `allocate`): only the seed's is served. */
  customAllocationError?: string;
}

/** Telemetry outcomes are counted, not logged one by one (thousands per second). */
export interface StatsRecord {
  type: 'stats';
  telemetryUpdated: number;
  telemetrySkipped: number;
  telemetryFailed: number;
}

export type HostRecord = CallRecord | ReadyRecord | StatsRecord;
