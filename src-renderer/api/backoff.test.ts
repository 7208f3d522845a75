import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from the initial delay', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 500, 10_000, 0))).toEqual([500, 1000, 2000, 4000]);
  });

  it('never waits longer than the cap plus jitter', () => {
    expect(backoffDelay(50, 500, 10_000, 0)).toBe(10_000);
    expect(backoffDelay(50, 500, 10_000, 1)).toBe(12_000);
  });
});
