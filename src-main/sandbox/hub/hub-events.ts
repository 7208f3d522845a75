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
 * can ask for everything after the last `seq` it saw. Telemetry lives only here, never in sqlite.
 */
export class EventRing {
  /** Changes on every start, so a console can tell that sequence numbers restarted. */
  readonly epoch = randomUUID();
  private readonly capacity: number;
  private readonly buffer: SequencedEvent[] = [];
  private start = 0;
  private nextSeq = 1;
  private readonly listeners = new Set<(event: SequencedEvent) => void>();

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  push(event: HubEvent): void {
    const sequenced = { ...event, seq: this.nextSeq++ } as SequencedEvent;
    if (this.buffer.length < this.capacity) this.buffer.push(sequenced);
    else {
      this.buffer[this.start] = sequenced;
      this.start = (this.start + 1) % this.capacity;
    }
    for (const listener of this.listeners) listener(sequenced);
  }

  /** Events with seq > `after`, oldest first (only those still in the ring). */
  since(after: number): SequencedEvent[] {
    const ordered = this.start === 0 ? this.buffer : [...this.buffer.slice(this.start), ...this.buffer.slice(0, this.start)];
    if (ordered.length === 0 || after < (ordered[0] as SequencedEvent).seq) return ordered.slice();
    const index = after - (ordered[0] as SequencedEvent).seq + 1;
    return ordered.slice(Math.max(0, index));
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  subscribe(listener: (event: SequencedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
