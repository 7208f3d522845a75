import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.ts';

describe('ring buffer', () => {
  it('keeps the newest items in order and counts what fell out', () => {
    const ring = new RingBuffer<number>(3);
    ring.push([1, 2]);
    expect(ring.toArray()).toEqual([1, 2]);
    ring.push([3, 4, 5]);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect([ring.get(0), ring.get(2), ring.get(3)]).toEqual([3, 5, undefined]);
    ring.push([6, 7, 8, 9, 10]);
    expect(ring.toArray()).toEqual([8, 9, 10]);
    expect(ring.evicted).toBe(7);
    ring.clear();
    expect([ring.size, ring.evicted, ring.toArray()]).toEqual([0, 0, []]);
  });
});
