import type { DeviceLogLine, SimulatedDevice, SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';
import type { DeviceUpdate, FleetCounters } from '../../simulator/protocol.ts';

const LOG_LINES_PER_DEVICE = 100;
const FLEET_LOG_LINES = 500;
const HISTORY_POINTS = 120;
const RATE_WINDOW_MS = 10_000;

type HistoryPoint = SimulatorStatus['history'][number];

/**
 * What the main process knows of the running fleet, built from the child's batches: each
 * device's latest state, its recent log lines, the counters and a point a second for the chart.
 */
export class FleetView {
  readonly devices = new Map<string, SimulatedDevice>();
  private readonly logs = new Map<string, DeviceLogLine[]>();
  counters: FleetCounters = { devices: 0, provisioned: 0, connected: 0, messagesSent: 0, errors: 0, readyMs: null };
  messagesPerSecond = 0;
  history: HistoryPoint[] = [];
  rssKb = 0;
  /** Recent (time, messages sent) pairs: the rate is taken over the last 10 s, so a fleet sending every 5 s in step still reads steady. */
  private samples: Array<{ at: number; messages: number }> = [];

  apply(updates: DeviceUpdate[], logs: DeviceLogLine[], counters: FleetCounters, rssKb: number): void {
    for (const update of updates) this.devices.set(update.id, update);
    for (const line of logs) {
      const key = line.id || '*';
      const lines = this.logs.get(key) ?? [];
      lines.push(line);
      const max = key === '*' ? FLEET_LOG_LINES : LOG_LINES_PER_DEVICE;
      if (lines.length > max) lines.splice(0, lines.length - max);
      this.logs.set(key, lines);
    }
    this.counters = counters;
    this.rssKb = rssKb;
  }

  /** Takes a chart point; called once a second. */
  sample(now = Date.now()): void {
    const messages = this.counters.messagesSent;
    this.samples.push({ at: now, messages });
    while (this.samples.length > 2 && now - this.samples[0]!.at > RATE_WINDOW_MS) this.samples.shift();
    const oldest = this.samples[0]!;
    if (now > oldest.at) this.messagesPerSecond = Math.max(0, ((messages - oldest.messages) * 1000) / (now - oldest.at));
    this.history.push({ at: now, connected: this.counters.connected, messagesPerSecond: Math.round(this.messagesPerSecond * 10) / 10, errors: this.counters.errors });
    if (this.history.length > HISTORY_POINTS) this.history.splice(0, this.history.length - HISTORY_POINTS);
  }

  deviceLog(id: string): DeviceLogLine[] {
    return [...(this.logs.get(id) ?? [])];
  }

  forget(ids: string[]): void {
    for (const id of ids) {
      this.devices.delete(id);
      this.logs.delete(id);
    }
  }
}
