import { describe, expect, it } from 'vitest';
import { EventRing } from './hub-events.ts';

const created = (deviceId: string) => ({ type: 'deviceCreated' as const, deviceId, time: '2026-01-01T00:00:00Z' });
const telemetry = (body: string) => ({
  type: 'telemetry' as const,
  deviceId: 'd',
  enqueuedTime: '2026-01-01T00:00:00Z',
  body,
  bodyEncoding: 'utf8' as const,
  systemProperties: {},
  properties: {},
});

describe('EventRing', () => {
  it('replays what follows a cursor and forgets the oldest beyond its capacity', () => {
    const ring = new EventRing(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) ring.push(created(id));
    expect(ring.lastSeq).toBe(5);
    expect(ring.since(0).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(ring.since(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(ring.since(5)).toEqual([]);
  });

  it('bounds the bytes held by message bodies', () => {
    const ring = new EventRing(1000, 10_000);
    for (let i = 0; i < 10; i++) ring.push(telemetry('x'.repeat(3000)));
    const kept = ring.since(0);
    expect(kept.length).toBeLessThanOrEqual(3);
    expect(kept.at(-1)?.seq).toBe(10);
  });

  it('tells live subscribers about every event in order', () => {
    const ring = new EventRing(2);
    const seen: number[] = [];
    const stop = ring.subscribe((e) => seen.push(e.seq));
    for (let i = 0; i < 5000; i++) ring.push(created(`d${i}`));
    stop();
    ring.push(created('after'));
    expect(seen).toHaveLength(5000);
    expect(seen[4999]).toBe(5000);
    expect(ring.since(4999).map((e) => e.seq)).toEqual([5000, 5001]);
  });
});
