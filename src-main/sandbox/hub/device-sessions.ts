import type { Client as MqttClient } from 'aedes';
import { randomUUID } from 'node:crypto';
import type { ConnectionView } from './device-json.ts';
import { NEVER } from './device-json.ts';
import type { DeviceStore } from './device-store.ts';
import type { CloudToDeviceQueue } from './c2d-queue.ts';
import { C2dSettlement } from './c2d-queue.ts';
import type { EventRing } from './hub-events.ts';
import { HubServiceError } from './service-error.ts';

export type Feature = 'methods' | 'desired' | 'c2d' | 'twin';

export interface MethodResult {
  status: number;
  payload: unknown;
}

interface PendingMethod {
  deviceId: string;
  resolve: (result: MethodResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}


/**
 * Who is connected right now and what they subscribed to: in memory only (a restart means
 * everyone is disconnected). lastActivityTime is flushed to sqlite every few seconds, not per message.
 */
export class DeviceSessions {
  private readonly clients = new Map<string, MqttClient>();
  private readonly features = new Map<string, Set<Feature>>();
  private readonly views = new Map<string, ConnectionView>();
  private readonly pending = new Map<string, PendingMethod>();
  private readonly featureWaiters = new Map<string, Set<() => void>>();
  private readonly c2dInFlight = new Set<number>();
  private readonly dirtyActivity = new Map<string, string>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly store: DeviceStore;
  private readonly events: EventRing;
  private readonly c2d: CloudToDeviceQueue;
  private closed = false;

  constructor(store: DeviceStore, events: EventRing, c2d: CloudToDeviceQueue) {
    this.store = store;
    this.events = events;
    this.c2d = c2d;
    this.flushTimer = setInterval(() => this.flushActivity(), 5_000);
    this.flushTimer.unref();
  }

  view(deviceId: string): ConnectionView {
    const view = this.views.get(deviceId) ?? { state: 'Disconnected', updatedTime: NEVER, lastActivityTime: null };
    const pending = this.c2d.count(deviceId);
    return pending > 0 ? { ...view, pendingCloudToDevice: pending } : view;
  }

  get connectedCount(): number {
    return this.clients.size;
  }

  connectedIds(): string[] {
    return [...this.clients.keys()];
  }

  client(deviceId: string): MqttClient | undefined {
    return this.clients.get(deviceId);
  }

  connected(deviceId: string, client: MqttClient, clean: boolean): void {
    this.clients.set(deviceId, client);
    if (clean || !this.features.has(deviceId)) this.features.set(deviceId, new Set());
    const now = new Date().toISOString();
    this.views.set(deviceId, { state: 'Connected', updatedTime: now, lastActivityTime: now });
    this.events.push({ type: 'deviceConnected', deviceId, time: now });
  }

  /** Ignores the close of a connection that a newer one with the same id already replaced. */
  disconnected(deviceId: string, client: MqttClient): void {
    if (this.clients.get(deviceId) !== client) return;
    this.clients.delete(deviceId);
    const now = new Date().toISOString();
    this.views.set(deviceId, { state: 'Disconnected', updatedTime: now, lastActivityTime: this.view(deviceId).lastActivityTime });
    this.events.push({ type: 'deviceDisconnected', deviceId, time: now });
  }

  /** Drops the device's connection (deleted or disabled identity); a deleted device's messages go too. */
  evict(deviceId: string, deleted: boolean): void {
    this.clients.get(deviceId)?.close();
    if (deleted) this.c2d.dropDevice(deviceId);
  }

  touch(deviceId: string): void {
    const now = new Date().toISOString();
    const view = this.views.get(deviceId);
    if (view) view.lastActivityTime = now;
    this.dirtyActivity.set(deviceId, now);
  }

  subscribed(deviceId: string, feature: Feature): void {
    let set = this.features.get(deviceId);
    if (!set) this.features.set(deviceId, (set = new Set()));
    set.add(feature);
    const waiters = this.featureWaiters.get(deviceId);
    if (waiters) for (const wake of waiters) wake();
  }

  has(deviceId: string, feature: Feature): boolean {
    return this.clients.has(deviceId) && (this.features.get(deviceId)?.has(feature) ?? false);
  }

  /** Resolves true once the device is connected with `feature` subscribed, false after timeoutMs. */
  waitFor(deviceId: string, feature: Feature, timeoutMs: number): Promise<boolean> {
    if (this.has(deviceId, feature)) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      let waiters = this.featureWaiters.get(deviceId);
      if (!waiters) this.featureWaiters.set(deviceId, (waiters = new Set()));
      const done = (value: boolean) => {
        clearTimeout(timer);
        waiters.delete(wake);
        if (waiters.size === 0) this.featureWaiters.delete(deviceId);
        resolve(value);
      };
      const wake = () => {
        if (this.closed) done(false);
        else if (this.has(deviceId, feature)) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      waiters.add(wake);
    });
  }

  /** Sends a direct method request and waits up to timeoutMs for the device's reply. */
  invokeMethod(deviceId: string, methodName: string, payload: unknown, timeoutMs: number): Promise<MethodResult> {
    const client = this.clients.get(deviceId);
    if (!client || !this.has(deviceId, 'methods')) {
      return Promise.reject(new HubServiceError(404, 'DeviceNotOnline', `Device ${deviceId} is not online.`));
    }
    const rid = randomUUID().replace(/-/g, '').slice(0, 16);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(new HubServiceError(504, 'GatewayTimeout', `Timed out waiting for the response from device ${deviceId}.`));
      }, timeoutMs);
      this.pending.set(rid, { deviceId, resolve, reject, timer });
      const body = Buffer.from(JSON.stringify(payload ?? null), 'utf8');
      client.publish({ cmd: 'publish', topic: `$iothub/methods/POST/${methodName}/?$rid=${rid}`, payload: body, qos: 0, retain: false, dup: false }, () => {});
    });
  }

  /** A device's `$iothub/methods/res/<status>/?$rid=` publish; replies from another device are ignored. */
  methodResponse(deviceId: string, rid: string, status: number, payload: Buffer): void {
    const call = this.pending.get(rid);
    if (!call || call.deviceId !== deviceId) return;
    this.pending.delete(rid);
    clearTimeout(call.timer);
    let body: unknown = null;
    if (payload.length > 0) {
      try {
        body = JSON.parse(payload.toString('utf8'));
      } catch {
        call.reject(new HubServiceError(502, 'BadDeviceResponse', 'The device answered with a payload that is not JSON.'));
        return;
      }
    }
    call.resolve({ status, payload: body });
  }

  /** Stores the message first (durable once acknowledged), then delivers it if the device listens. */
  queueC2d(deviceId: string, payload: Buffer, topicBag: string): void {
    this.c2d.enqueue(deviceId, payload, topicBag);
    this.flushC2d(deviceId);
  }

  flushC2d(deviceId: string): void {
    const client = this.clients.get(deviceId);
    if (!client || !this.has(deviceId, 'c2d') || this.c2d.count(deviceId) === 0) return;
    for (const message of this.c2d.pending(deviceId)) {
      if (this.c2dInFlight.has(message.id)) continue;
      this.c2dInFlight.add(message.id);
      const topic = `devices/${deviceId}/messages/devicebound/${message.topicBag}`;
      client.publish({ cmd: 'publish', topic, payload: message.payload, qos: 1, retain: false, dup: false }, (error?: Error) => {
        this.c2dInFlight.delete(message.id);
        if (this.closed) return;
        try {
          if (!error) this.c2d.delivered(deviceId, message.id, message);
          else if (error instanceof C2dSettlement && error.outcome === 'reject') this.c2d.reject(deviceId, message.id, message);
          // An abandoned message goes out again at once, until its delivery count runs out.
          else if (error instanceof C2dSettlement && this.c2d.abandon(deviceId, message.id, message)) setImmediate(() => this.flushC2d(deviceId));
        } catch {
          // The message stays queued and goes out again on the next subscribe.
        }
      });
    }
  }

  /** The durable cloud-to-device queue (AMQP sends and delivery feedback use it too). */
  get c2dQueue(): CloudToDeviceQueue {
    return this.c2d;
  }

  flushActivity(): void {
    if (this.dirtyActivity.size === 0) return;
    const batch = new Map(this.dirtyActivity);
    this.dirtyActivity.clear();
    try {
      this.store.touchActivity(batch);
    } catch {
      // A busy or closed database loses only a timestamp; the next flush carries newer ones.
    }
  }

  close(): void {
    this.closed = true;
    // Waiters for a device to come online give up now, so jobs and method calls do not hold close().
    for (const waiters of [...this.featureWaiters.values()]) for (const wake of [...waiters]) wake();
    clearInterval(this.flushTimer);
    this.flushActivity();
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(new HubServiceError(503, 'ServiceUnavailable', 'The hub is shutting down.'));
    }
    this.pending.clear();
    for (const client of this.clients.values()) client.close();
  }
}
