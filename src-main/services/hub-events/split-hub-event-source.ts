import type { HubEvent, HubEventSource, HubEventStart, HubEventSubscription } from './hub-event-source.ts';

/**
 * Device messages from one source, notifications (lifecycle, twin change, connection state) from
 * another. The sandbox's built-in endpoint, like a new Azure hub's, carries device messages only
 * unless routes send notifications there; the sandbox's own stream always has them, so sandbox
 * profiles read telemetry through @azure/event-hubs and notifications from that stream.
 */
export class SplitHubEventSource implements HubEventSource {
  private readonly telemetry: HubEventSource;
  private readonly notifications: HubEventSource;

  constructor(telemetry: HubEventSource, notifications: HubEventSource) {
    this.telemetry = telemetry;
    this.notifications = notifications;
  }

  async subscribe(hubHost: string, start: HubEventStart, onEvents: (events: HubEvent[]) => void, onError: (error: Error) => void): Promise<HubEventSubscription> {
    const only = (wantTelemetry: boolean) => (events: HubEvent[]) => {
      const kept = events.filter((e) => (e.kind === 'telemetry') === wantTelemetry);
      if (kept.length > 0) onEvents(kept);
    };
    const first = await this.telemetry.subscribe(hubHost, start, only(true), onError);
    let second: HubEventSubscription;
    try {
      second = await this.notifications.subscribe(hubHost, start, only(false), onError);
    } catch (error) {
      await first.close();
      throw error;
    }
    return { close: async () => void (await Promise.all([first.close(), second.close()])) };
  }
}
