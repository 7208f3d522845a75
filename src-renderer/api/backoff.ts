/**
 * Delay before reconnect attempt n (0-based): doubling from `initialMs` up to `maxMs`, with up to
 * 20% jitter so several windows do not hammer a restarting main process in step.
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (1 + 0.2 * random));
}
