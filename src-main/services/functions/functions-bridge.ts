import type { HubEvent, HubEventSource, HubEventSubscription } from '../hub-events/hub-event-source.ts';
import type { FunctionRunner } from './function-runner.ts';
import type { HostRecord } from './function-protocol.ts';

/** Reads a device's `tags.dtId` from its hub twin (the route enrichment IoT Hub adds on Azure). */
export type DtIdLookup = (hubHost: string, deviceId: string) => Promise<string | undefined>;

/**
 * Feeds the function host from the hubs' event streams, as the seed's IoT Hub routes feed its
 * Event Hubs: device messages → telemetry function, lifecycle events → lifecycle function. It
 * stands in for the route's message enrichment `dtId = $twin.tags.dtId`, learning dtIds from the
 * allocation answers and, for devices it has not seen allocated, from the hub twin once.
 */
export class FunctionsBridge {
  private readonly dtIds = new Map<string, string | undefined>();
  private readonly subscriptions: HubEventSubscription[] = [];
  private readonly stopRecords: () => void;
  private readonly runner: FunctionRunner;
  private readonly source: HubEventSource;
  private readonly lookup: DtIdLookup;
  /** Events arrive in order; lookups are async, so each device's events wait for the previous one's. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(runner: FunctionRunner, source: HubEventSource, lookup: DtIdLookup) {
    this.runner = runner;
    this.source = source;
    this.lookup = lookup;
    this.stopRecords = runner.onRecord((record: HostRecord) => {
      if (record.type === 'call' && record.fn === 'allocation' && record.ok && record.deviceId && record.dtId) this.dtIds.set(record.deviceId, record.dtId);
    });
  }

  async start(hubHosts: string[], onError: (error: Error) => void): Promise<void> {
    for (const hubHost of hubHosts) {
      this.subscriptions.push(await this.source.subscribe(hubHost, { from: 'end' }, (events) => events.forEach((event) => this.forward(event)), onError));
    }
  }

  async stop(): Promise<void> {
    this.stopRecords();
    await Promise.allSettled(this.subscriptions.splice(0).map((subscription) => subscription.close()));
  }

  private forward(event: HubEvent): void {
    const isTelemetry = event.kind === 'telemetry';
    const isDelete = event.kind === 'deviceLifecycle' && event.opType === 'deleteDeviceIdentity';
    if (!isTelemetry && !isDelete) return;
    const previous = this.chains.get(event.deviceId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const dtId = await this.dtIdOf(event);
      const properties = { ...event.properties, ...(dtId ? { dtId } : {}) };
      if (isTelemetry) this.runner.send({ type: 'telemetry', deviceId: event.deviceId, body: event.body, properties });
      else {
        this.runner.send({ type: 'lifecycle', deviceId: event.deviceId, opType: event.opType, properties });
        this.dtIds.delete(event.deviceId);
      }
    });
    this.chains.set(event.deviceId, next);
    void next.finally(() => {
      if (this.chains.get(event.deviceId) === next) this.chains.delete(event.deviceId);
    });
  }

  private async dtIdOf(event: HubEvent): Promise<string | undefined> {
    if (event.properties.dtId) return event.properties.dtId;
    if (this.dtIds.has(event.deviceId)) return this.dtIds.get(event.deviceId);
    if (event.kind !== 'telemetry') return undefined;
    const dtId = await this.lookup(event.hubHost, event.deviceId).catch(() => undefined);
    this.dtIds.set(event.deviceId, dtId);
    return dtId;
  }
}
