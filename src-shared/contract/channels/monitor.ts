import { z } from 'zod';
import { channel } from '../channel-spec.ts';

export const MONITOR_EVENT_KINDS = ['telemetry', 'deviceLifecycle', 'twinChangeEvents', 'deviceConnectionStateEvents'] as const;

/** One hub event as the monitor shows it; the body as text (JSON, UTF-8, or base64 as `bodyEncoding` says). */
export const monitorEventSchema = z.object({
  kind: z.enum(MONITOR_EVENT_KINDS),
  deviceId: z.string(),
  enqueuedAt: z.number(),
  opType: z.string().nullable(),
  body: z.string(),
  bodyEncoding: z.enum(['json', 'utf8', 'base64']),
  properties: z.record(z.string(), z.string()),
  systemProperties: z.record(z.string(), z.string()),
});
export type MonitorEvent = z.infer<typeof monitorEventSchema>;

const monitorRef = z.object({ monitorId: z.string().min(1).max(100) }).strict();

/** The telemetry and events monitor: one hub's stream, optionally only some devices, pushed in batches as `monitor:events`. */
export const monitorChannels = {
  'monitor:start': channel(
    z
      .object({
        hubHost: z.string().min(1).max(300),
        /** Only these devices; empty or absent means every device of the hub. */
        deviceIds: z.array(z.string().min(1).max(128)).max(1000).optional(),
        /** Only devices this query matches (resolved when the monitor starts, up to 10,000 devices). */
        query: z.string().min(1).max(8000).optional(),
        /** 'now' reads new events only; 'recent' first replays what the hub still holds. */
        from: z.enum(['now', 'recent']).default('now'),
      })
      .strict(),
    z.object({ monitorId: z.string(), matchedDevices: z.number().nullable() }),
  ),
  /** A monitor that is not kept alive for 30 s stops by itself (a closed window leaves nothing running). */
  'monitor:keepAlive': channel(monitorRef, z.object({ running: z.boolean() })),
  'monitor:stop': channel(monitorRef, z.object({ stopped: z.boolean() })),
};
