import { HubServiceError } from './service-error.ts';

/**
 * The published IoT Hub S1 operation throttles for one unit ("IoT Hub quotas and throttling"):
 * per-minute limits may burst up to the minute's budget, per-second limits up to one second's.
 */
export const S1_QUOTAS: Record<string, { perSecond: number; burst: number }> = {
  registry: { perSecond: 100 / 60, burst: 100 }, // identity registry operations: 100/min/unit
  deviceConnect: { perSecond: 100, burst: 100 }, // new device connections: 100/s
  telemetry: { perSecond: 100, burst: 100 }, // device-to-cloud sends: 100/s
  c2d: { perSecond: 100 / 60, burst: 100 }, // cloud-to-device sends: 100/min/unit
  methods: { perSecond: 20, burst: 20 }, // direct methods: 160 KB/s/unit, about 20 calls/s of 8 KB
  query: { perSecond: 20 / 60, burst: 20 }, // queries: 20/min/unit
  twinRead: { perSecond: 100, burst: 100 }, // twin reads: 100/s
  twinWrite: { perSecond: 50, burst: 50 }, // twin updates: 50/s
  jobs: { perSecond: 100 / 60, burst: 100 }, // jobs operations: 100/min/unit
};

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Token buckets per operation class; `charge` throws the service's 429 with Retry-After. */
export class QuotaMeter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly enabled: boolean;
  private readonly now: () => number;

  constructor(enabled: boolean, now: () => number = Date.now) {
    this.enabled = enabled;
    this.now = now;
  }

  charge(name: string): void {
    if (!this.enabled) return;
    const quota = S1_QUOTAS[name];
    if (!quota) return;
    const now = this.now();
    const bucket = this.buckets.get(name) ?? { tokens: quota.burst, updatedMs: now };
    bucket.tokens = Math.min(quota.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * quota.perSecond);
    bucket.updatedMs = now;
    this.buckets.set(name, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / quota.perSecond));
    throw new HubServiceError(429, 'ThrottlingException', `The ${name} quota of the sandbox's S1 emulation is exhausted; retry after ${retryAfter} s.`, {
      'Retry-After': String(retryAfter),
    });
  }
}
