import { randomUUID } from 'node:crypto';

/** One entry of the sandbox-only event stream. */
export type HubEvent =
  | {
      type: 'telemetry';
      deviceId: string;
      enqueuedTime: string;
      body: string;
      /** 'utf8' when the payload was valid UTF-8, else the body is base64. */
      bodyEncoding: 'utf8' | 'base64';
      systemProperties: Record<string, string>;
      properties: Record<string, string>;
    }
  | { type: 'deviceCreated' | 'deviceDeleted' | 'deviceUpdated' | 'deviceConnected' | 'deviceDisconnected'; deviceId: string; time: string }
  | { type: 'twinChanged'; deviceId: string; time: string; section: 'tags' | 'desired' | 'reported'; version: number; patch: unknown };

export type SequencedEvent = HubEvent & { seq: number };

/**
 * A bounded ring of recent events with increasing sequence numbers, so a reconnecting console
 * can ask for everything after the last `seq` it saw. Bounded by count and by body bytes (device
 * messages may be 256 KB each). Telemetry lives only here, never in sqlite.
 */
export class EventRing {
  /** Changes on every start, so a console can tell that sequence numbers restarted. */
  readonly epoch = randomUUID();
  private readonly capacity: number;
  private readonly maxBytes: number;
  private events: SequencedEvent[] = [];
  private start = 0;
  private bytes = 0;
  private nextSeq = 1;
  private readonly listeners = new Set<(event: SequencedEvent) => void>();

  constructor(capacity = 10_000, maxBytes = 64 * 1024 * 1024) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  push(event: HubEvent): void {
    const sequenced = { ...event, seq: this.nextSeq++ } as SequencedEvent;
    this.events.push(sequenced);
    this.bytes += sizeOf(sequenced);
    while (this.events.length - this.start > this.capacity || (this.bytes > this.maxBytes && this.events.length - this.start > 1)) {
      this.bytes -= sizeOf(this.events[this.start] as SequencedEvent);
      this.start++;
    }
    if (this.start > 4096 && this.start * 2 > this.events.length) {
      this.events = this.events.slice(this.start);
      this.start = 0;
    }
    for (const listener of this.listeners) listener(sequenced);
  }

  /** Events with seq > `after`, oldest first (only those still in the ring). */
  since(after: number): SequencedEvent[] {
    const first = this.events[this.start];
    if (!first) return [];
    return this.events.slice(this.start + Math.max(0, after - first.seq + 1));
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  subscribe(listener: (event: SequencedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function sizeOf(event: SequencedEvent): number {
  return event.type === 'telemetry' ? 256 + event.body.length : 256;
}
