import type { IncomingMessage } from 'node:http';
import { AppError } from '../../../src-shared/contract/result.ts';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import type { HubEvent, HubEventSource, HubEventStart, HubEventSubscription } from './hub-event-source.ts';
import { fromSandboxEvent, type SandboxStreamEvent } from './sandbox-event-mapping.ts';

export interface SandboxHubEventSourceOptions {
  /** The clients of the profile this source reads for, asked again on every reconnect. */
  clients: () => Promise<AzureClientFactory>;
  /** Longest pause between reconnect attempts. */
  maxBackoffMs?: number;
}

/** Errors no retry will cure: wrong keys, a hub the profile does not have, a non-sandbox target. */
const FATAL = new Set(['unauthorized', 'forbidden', 'not_found', 'unsupported']);

/**
 * Reads a sandbox hub's own event stream (`GET /sandbox/v1/events`, NDJSON). Survives a dropped
 * connection or a sandbox restart: it reconnects with `?since=` the last sequence number it
 * delivered, and starts over from the ring's beginning when the stream's epoch changed (a new
 * sandbox process numbers from 1 again), so nothing is delivered twice or skipped while the ring
 * still holds it.
 */
export class SandboxHubEventSource implements HubEventSource {
  private readonly options: SandboxHubEventSourceOptions;

  constructor(options: SandboxHubEventSourceOptions) {
    this.options = options;
  }

  async subscribe(hubHost: string, start: HubEventStart, onEvents: (events: HubEvent[]) => void, onError: (error: Error) => void): Promise<HubEventSubscription> {
    const reader = new StreamReader(hubHost, start, this.options, onEvents, onError);
    await reader.open();
    return { close: () => reader.close() };
  }
}

class StreamReader {
  private lastSeq: number | null;
  private epoch: string | null = null;
  private response: IncomingMessage | null = null;
  private closed = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly notBefore: number;
  private readonly hubHost: string;
  private readonly options: SandboxHubEventSourceOptions;
  private readonly onEvents: (events: HubEvent[]) => void;
  private readonly onError: (error: Error) => void;

  constructor(hubHost: string, start: HubEventStart, options: SandboxHubEventSourceOptions, onEvents: (events: HubEvent[]) => void, onError: (error: Error) => void) {
    this.hubHost = hubHost;
    this.options = options;
    this.onEvents = onEvents;
    this.onError = onError;
    // The ring is all the history there is: 'earliest' and a start time both replay it from the beginning.
    this.lastSeq = start.from === 'end' ? null : 0;
    this.notBefore = start.from === 'enqueuedTime' ? start.at : -Infinity;
  }

  /** The first connection: its failure rejects subscribe() rather than going to onError. */
  async open(): Promise<void> {
    const clients = await this.options.clients();
    if (this.lastSeq === null) {
      // 'end' as a number, so a reconnect before the first event still resumes from here.
      const stats = (await clients.sandboxStats(this.hubHost)) as { lastEventSeq?: unknown };
      this.lastSeq = typeof stats.lastEventSeq === 'number' ? stats.lastEventSeq : null;
    }
    this.attach(await clients.sandboxEventStream(this.hubHost, this.lastSeq));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.response?.destroy();
    this.response = null;
  }

  private attach(response: IncomingMessage): void {
    if (this.closed) {
      response.destroy();
      return;
    }
    const epoch = String(response.headers['x-sandbox-stream-epoch'] ?? '');
    if (this.epoch !== null && epoch !== this.epoch && this.lastSeq !== null && this.lastSeq > 0) {
      // A new sandbox process: our cursor means nothing there. Reopen from its first event.
      this.epoch = epoch;
      this.lastSeq = 0;
      response.destroy();
      this.reconnect(0);
      return;
    }
    this.epoch = epoch;
    this.response = response;
    this.failures = 0;
    let partial = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      this.deliver(lines);
    });
    response.on('error', () => undefined);
    response.on('close', () => {
      if (this.response === response) this.response = null;
      if (!this.closed) this.reconnect(this.backoff());
    });
  }

  private deliver(lines: string[]): void {
    const batch: HubEvent[] = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      let parsed: SandboxStreamEvent;
      try {
        parsed = JSON.parse(line) as SandboxStreamEvent;
      } catch {
        continue;
      }
      if (this.lastSeq !== null && parsed.seq <= this.lastSeq) continue;
      this.lastSeq = parsed.seq;
      const event = fromSandboxEvent(this.hubHost, parsed);
      if (event && event.enqueuedAt >= this.notBefore) batch.push(event);
    }
    if (batch.length > 0 && !this.closed) this.onEvents(batch);
  }

  private backoff(): number {
    this.failures++;
    return Math.min(this.options.maxBackoffMs ?? 5000, 100 * 2 ** Math.min(this.failures, 8));
  }

  private reconnect(delayMs: number): void {
    if (this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed) return;
      this.options
        .clients()
        .then((clients) => clients.sandboxEventStream(this.hubHost, this.lastSeq))
        .then((response) => this.attach(response))
        .catch((error: unknown) => {
          if (this.closed) return;
          if (error instanceof AppError && FATAL.has(error.code)) {
            this.closed = true;
            this.onError(error);
            return;
          }
          this.reconnect(this.backoff());
        });
    }, delayMs);
  }
}
