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
  opening: Promise<HubEventSubscription>;
}

/**
 * The hub event reader: one upstream subscription per hub of the active profile, fanned out to
 * any number of in-process listeners (monitor, timeline, digital twins…). The first listener's
 * start opens the upstream; a later listener gets what it asked for from the events kept since
 * (at most `recentCapacity` per hub), then the live stream. The upstream closes with its last
 * listener. When the active profile changes, every upstream of another profile closes and its
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
    const listener: Listener = { notBefore: start.from === 'enqueuedTime' ? start.at : start.from === 'earliest' ? -Infinity : Infinity, onEvents, onError };
    let upstream = this.upstreams.get(key);
    if (upstream) {
      await upstream.opening;
      const replay = upstream.recent.filter((e) => e.enqueuedAt >= listener.notBefore);
      if (replay.length > 0) onEvents(replay);
      upstream.listeners.add(listener);
    } else {
      const created: Upstream = { key, profileId, hubHost, listeners: new Set([listener]), recent: [], opening: Promise.resolve(null as never) };
      created.opening = source.subscribe(hubHost, start, (events) => this.fanOut(created, events), (error) => this.fail(created, error));
      this.upstreams.set(key, created);
      upstream = created;
      try {
        await created.opening;
      } catch (error) {
        this.upstreams.delete(key);
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
    const capacity = this.options.recentCapacity ?? 5000;
    upstream.recent.push(...events);
    if (upstream.recent.length > capacity) upstream.recent.splice(0, upstream.recent.length - capacity);
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
