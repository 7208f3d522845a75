/**
 * Quota emulation (--throttle): a token bucket per limit, refilled continuously, so a burst up to
 * the per-minute quota passes and a sustained rate above it is answered with 429 + Retry-After,
 * as the service does. Off by default: then every check passes.
 */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** Published DPS S1 limits (one unit): operations and registrations per minute, polls per device. */
export const DPS_LIMITS = {
  serviceOperations: { limit: 1000, windowMs: 60_000 },
  registrations: { limit: 1000, windowMs: 60_000 },
  pollsPerDevice: { limit: 5, windowMs: 10_000 },
} as const satisfies Record<string, RateLimit>;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class Throttle {
  private readonly enabled: boolean;
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(enabled: boolean, now: () => number = Date.now) {
    this.enabled = enabled;
    this.now = now;
  }

  /** Takes one token; returns the seconds to wait when none is left, or 0 when the request may go. */
  take(key: string, rate: RateLimit): number {
    if (!this.enabled) return 0;
    const now = this.now();
    const perMs = rate.limit / rate.windowMs;
    const bucket = this.buckets.get(key) ?? { tokens: rate.limit, updatedAt: now };
    bucket.tokens = Math.min(rate.limit, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      this.forgetFullBuckets();
      return 0;
    }
    this.buckets.set(key, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** Per-device buckets would otherwise grow with the fleet; a full bucket carries no information. */
  private forgetFullBuckets(): void {
    if (this.buckets.size < 10_000) return;
    const now = this.now();
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedAt > 60_000) this.buckets.delete(key);
  }
}
