/**
 * Collects items of a high-rate stream and hands them on in batches on a timer, so a flood of
 * telemetry or log lines crosses the process boundary a few times a second, never per item.
 * The buffer is bounded: when full, the oldest items are dropped and counted. With `maxBatch`, a
 * flush hands the buffer on in batches of at most that many, so no single message is large enough
 * to hold up its receiver (a renderer parses and renders each message in one task).
 */
export class Batcher<T> {
  private buffer: T[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly maxItems: number;
  private readonly maxBatch: number;
  private readonly flushTo: (items: T[], dropped: number) => void;

  constructor(flushTo: (items: T[], dropped: number) => void, options: { intervalMs?: number; maxItems?: number; maxBatch?: number } = {}) {
    this.flushTo = flushTo;
    this.intervalMs = options.intervalMs ?? 250;
    this.maxItems = options.maxItems ?? 5000;
    this.maxBatch = options.maxBatch ?? this.maxItems;
  }

  push(item: T): void {
    this.buffer.push(item);
    if (this.buffer.length > this.maxItems) {
      const excess = this.buffer.length - this.maxItems;
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref?.();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0 && this.dropped === 0) return;
    const items = this.buffer;
    const dropped = this.dropped;
    this.buffer = [];
    this.dropped = 0;
    if (items.length <= this.maxBatch) return this.flushTo(items, dropped);
    for (let start = 0; start < items.length; start += this.maxBatch) this.flushTo(items.slice(start, start + this.maxBatch), start === 0 ? dropped : 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = [];
    this.dropped = 0;
  }
}
