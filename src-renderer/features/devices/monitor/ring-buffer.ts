/**
 * A fixed-capacity ring: the newest `capacity` items, oldest first. Pushing a batch is O(batch),
 * never a copy of the whole buffer, so a monitor taking thousands of messages a second stays cheap.
 */
export class RingBuffer<T> {
  readonly capacity: number;
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  /** How many items fell out of the ring since it was made or cleared. */
  evicted = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(batch: readonly T[]): void {
    const from = Math.max(0, batch.length - this.capacity);
    this.evicted += from;
    for (let i = from; i < batch.length; i++) {
      if (this.count < this.capacity) {
        this.items[(this.start + this.count) % this.capacity] = batch[i];
        this.count++;
      } else {
        this.items[this.start] = batch[i];
        this.start = (this.start + 1) % this.capacity;
        this.evicted++;
      }
    }
  }

  /** The i-th item, 0 being the oldest kept. */
  get(i: number): T | undefined {
    return i < 0 || i >= this.count ? undefined : this.items[(this.start + i) % this.capacity];
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.get(i) as T);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.evicted = 0;
  }
}
