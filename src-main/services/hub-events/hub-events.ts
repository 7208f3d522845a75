import { randomUUID } from 'node:crypto';
import { AppError } from '../../../src-shared/contract/result.ts';
import type { HubEvent, HubEventSource, HubEventStart, HubEventSubscription } from './hub-event-source.ts';

/** The source that reads the active profile's hubs, and which profile that is. */
export interface ActiveHubEventSource {
  profileId: string;
  source: HubEventSource;
}

export interface HubEventsOptions {
  resolve: () => Promise<ActiveHubEventSource>;
  /** Events kept per hub so a listener that joins late can replay what it asked for. */
  recentCapacity?: number;
}

interface Listener {
  notBefore: number;
  onEvents: (events: HubEvent[]) => void;
  onError: (error: Error) => void;
}

interface Upstream {
  key: string;
  profileId: string;
  hubHost: string;
  listeners: Set<Listener>;
  recent: HubEvent[];
  /** Every event enqueued at or after this time that the upstream has read is still in `recent`. */
  coversFrom: number;
  /** Shared by listeners of the hub, or opened for one listener whose start no shared upstream covers. */
  shared: boolean;
  opening: Promise<HubEventSubscription>;
}

/**
 * The hub event reader: one upstream subscription per hub of the active profile, fanned out to
 * any number of in-process listeners (monitor, timeline, digital twins…). The first listener's
 * start opens the upstream; a later listener joins it when the events kept since (at most
 * `recentCapacity` per hub) cover the start it asked for, and gets its own upstream when they do
 * not (from the earliest retained event, say, after the shared one dropped some). An upstream
 * closes with its last listener. When the active profile changes, every upstream of another profile closes and its
 * listeners hear an `unavailable` error, so they can subscribe again to the new profile's hubs.
 */
export class HubEvents {
  private readonly options: HubEventsOptions;
  private readonly upstreams = new Map<string, Upstream>();

  constructor(options: HubEventsOptions) {
    this.options = options;
  }

  async subscribe(hubHost: string, start: HubEventStart, onEvents: (events: HubEvent[]) => void, onError: (error: Error) => void = () => undefined): Promise<HubEventSubscription> {
    const { profileId, source } = await this.options.resolve();
    const key = `${profileId}\n${hubHost.toLowerCase()}`;
    // 'end' replays nothing: kept events are all older than the moment it asks, by the hub's clock.
    const notBefore = start.from === 'enqueuedTime' ? start.at : start.from === 'earliest' ? -Infinity : Infinity;
    const listener: Listener = { notBefore, onEvents, onError };
    const opening = this.upstreams.get(key)?.opening;
    if (opening) await opening.catch(() => undefined);
    let upstream = this.upstreams.get(key);
    if (upstream && notBefore >= upstream.coversFrom) {
      const replay = upstream.recent.filter((e) => e.enqueuedAt >= notBefore);
      if (replay.length > 0) onEvents(replay);
      upstream.listeners.add(listener);
    } else {
      // Nothing shared yet, or the shared upstream started too late (or dropped too much) for this start.
      const isShared = upstream === undefined;
      const created: Upstream = {
        key: isShared ? key : `${key}\n${randomUUID()}`,
        profileId,
        hubHost,
        listeners: new Set([listener]),
        recent: [],
        coversFrom: start.from === 'end' ? Date.now() : notBefore,
        shared: isShared,
        opening: Promise.resolve(null as never),
      };
      created.opening = source.subscribe(hubHost, start, (events) => this.fanOut(created, events), (error) => void this.fail(created, error));
      this.upstreams.set(created.key, created);
      upstream = created;
      try {
        await created.opening;
      } catch (error) {
        this.upstreams.delete(created.key);
        throw error;
      }
    }
    const joined = upstream;
    return { close: () => this.leave(joined, listener) };
  }

  /** Closes every upstream not of `activeProfileId` (call on profiles:changed). */
  async profileChanged(activeProfileId: string): Promise<void> {
    const stale = [...this.upstreams.values()].filter((u) => u.profileId !== activeProfileId);
    await Promise.all(stale.map((u) => this.fail(u, new AppError('unavailable', `The active profile changed; events of ${u.hubHost} are no longer read`))));
  }

  /** How many hubs are being read right now (one upstream each), for tests and diagnostics. */
  get openUpstreams(): number {
    return this.upstreams.size;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.upstreams.values()].map((u) => this.closeUpstream(u)));
  }

  private fanOut(upstream: Upstream, events: HubEvent[]): void {
    if (upstream.shared) {
      const capacity = this.options.recentCapacity ?? 5000;
      upstream.recent.push(...events);
      if (upstream.recent.length > capacity) {
        upstream.recent.splice(0, upstream.recent.length - capacity);
        upstream.coversFrom = Math.max(upstream.coversFrom, upstream.recent[0]!.enqueuedAt + 1);
      }
    }
    for (const listener of upstream.listeners) {
      try {
        listener.onEvents(events);
      } catch {
        // one listener's bug must not starve the others
      }
    }
  }

  private async fail(upstream: Upstream, error: Error): Promise<void> {
    const listeners = [...upstream.listeners];
    await this.closeUpstream(upstream);
    for (const listener of listeners) listener.onError(error);
  }

  private async leave(upstream: Upstream, listener: Listener): Promise<void> {
    upstream.listeners.delete(listener);
    if (upstream.listeners.size === 0) await this.closeUpstream(upstream);
  }

  private async closeUpstream(upstream: Upstream): Promise<void> {
    if (this.upstreams.get(upstream.key) !== upstream) return;
    this.upstreams.delete(upstream.key);
    upstream.listeners.clear();
    const subscription = await upstream.opening.catch(() => null);
    await subscription?.close();
  }
}
