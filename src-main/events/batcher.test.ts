import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.ts';

describe('Batcher', () => {
  it('hands on items pushed within one interval as one batch', async () => {
    const batches: number[][] = [];
    const done = new Promise<void>((resolve) => {
      const batcher = new Batcher<number>(
        (items) => {
          batches.push(items);
          resolve();
        },
        { intervalMs: 20 },
      );
      for (let i = 0; i < 1000; i++) batcher.push(i);
    });
    await done;
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1000);
    expect(batches[0]?.[999]).toBe(999);
  });

  it('keeps the newest items when the buffer overflows, and says how many it dropped', () => {
    const seen: Array<{ items: number[]; dropped: number }> = [];
    const batcher = new Batcher<number>((items, dropped) => seen.push({ items, dropped }), { intervalMs: 10_000, maxItems: 3 });
    for (let i = 0; i < 10; i++) batcher.push(i);
    batcher.flush();
    expect(seen).toEqual([{ items: [7, 8, 9], dropped: 7 }]);
    batcher.stop();
  });

  it('hands a large flush on in batches of at most maxBatch, in order, with the drop count once', () => {
    const seen: Array<{ items: number[]; dropped: number }> = [];
    const batcher = new Batcher<number>((items, dropped) => seen.push({ items, dropped }), { intervalMs: 10_000, maxItems: 7, maxBatch: 3 });
    for (let i = 0; i < 9; i++) batcher.push(i);
    batcher.flush();
    expect(seen).toEqual([
      { items: [2, 3, 4], dropped: 2 },
      { items: [5, 6, 7], dropped: 0 },
      { items: [8], dropped: 0 },
    ]);
    batcher.stop();
  });

  it('sends nothing when nothing was pushed, and nothing after stop', () => {
    const seen: number[][] = [];
    const batcher = new Batcher<number>((items) => seen.push(items), { intervalMs: 10_000 });
    batcher.flush();
    batcher.push(1);
    batcher.stop();
    batcher.flush();
    expect(seen).toEqual([]);
  });
});
