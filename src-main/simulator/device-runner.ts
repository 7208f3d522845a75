import type { Client as DeviceClient } from 'azure-iot-device';
import { attachBehaviours } from './device-behaviours.ts';
import { describe } from './describe-error.ts';
import { openDeviceClient } from './device-connection.ts';
import type { DeviceSpec, DeviceState, DeviceUpdate, FaultKind, FleetConfig, SimEvent, StoredConnection } from './protocol.ts';
import { register } from './sdk.ts';
import { nextDelay, telemetryStream, type TelemetryStream } from './telemetry.ts';
import { sendTelemetry } from './telemetry-sender.ts';

/** What a device runner reports to its fleet. */
export interface RunnerHost {
  readonly config: FleetConfig;
  readonly paused: boolean;
  faultActive(kind: FaultKind, id: string): boolean;
  changed(runner: DeviceRunner): void;
  log(id: string, level: 'info' | 'warn' | 'error', text: string): void;
  event(id: string, kind: SimEvent['kind'], outcome: SimEvent['outcome'], detail?: Record<string, unknown>): void;
}

const RECONNECT_BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * One simulated device: registers with DPS (unless it kept its connection from an earlier run),
 * connects to its hub, reports how it was provisioned, then sends telemetry and answers the hub
 * until stopped. Every failure is that device's error; none escapes to the fleet.
 */
export class DeviceRunner {
  readonly id: string;
  readonly spec: DeviceSpec;
  state: DeviceState = 'pending';
  connection: StoredConnection | null;
  messages = 0;
  errors = 0;
  lastError: string | null = null;
  intervalMs: number;
  client: DeviceClient | null = null;
  private readonly host: RunnerHost;
  private readonly stream: TelemetryStream;
  private timer: NodeJS.Timeout | null = null;
  private reconnects = 0;
  private sentFirst = false;
  /** Whether the stored connection was proven in this run; a rejected stored one means provisioning again, once. */
  private connectionProven = false;
  private stopped = false;
  /** Bumped on every (re)connection so late callbacks of an old client are ignored. */
  generation = 0;

  constructor(spec: DeviceSpec, index: number, host: RunnerHost) {
    this.id = spec.registrationId;
    this.spec = spec;
    this.host = host;
    this.connection = spec.connection ?? null;
    this.intervalMs = host.config.telemetry.intervalMs;
    this.stream = telemetryStream(host.config.telemetry.source, index);
  }

  update(): DeviceUpdate {
    const { id, state, messages, errors, lastError, intervalMs } = this;
    return { id, state, messages, errors, lastError, telemetryIntervalMs: intervalMs, deviceId: this.connection?.deviceId ?? null, hubHost: this.connection?.assignedHub ?? null };
  }

  /** Provisions when it has no stored connection (or `reprovision`), then connects. */
  async start(reprovision = false): Promise<void> {
    if (this.stopped) return;
    if (!this.connection || reprovision) {
      if (!(await this.provision())) return;
    }
    await this.connect();
  }

  private async provision(): Promise<boolean> {
    this.setState('registering');
    this.host.event(this.id, 'registration-attempted', null, { transport: this.host.config.transport });
    try {
      const result = await register(this.host.config, this.id, this.spec.credential);
      if (result.status !== 'assigned' || !result.assignedHub || !result.deviceId) throw new Error(`registration ended ${result.status ?? 'without a status'}`);
      this.connection = { assignedHub: result.assignedHub, deviceId: result.deviceId };
      this.host.event(this.id, 'registered', 'ok', { assignedHub: result.assignedHub, deviceId: result.deviceId, substatus: result.substatus ?? null });
      this.host.log(this.id, 'info', `registered: ${result.deviceId} on ${result.assignedHub}`);
      return true;
    } catch (error) {
      const reason = describe(error);
      this.host.event(this.id, 'registration-failed', 'failed', { reason });
      this.fail(`registration failed: ${reason}`, 'failed');
      return false;
    }
  }

  async connect(): Promise<void> {
    const connection = this.connection;
    if (this.stopped || !connection) return;
    if (this.host.faultActive('drop-connection', this.id)) return this.setState('offline');
    const generation = ++this.generation;
    this.setState('connecting');
    const expired = this.host.faultActive('expired-token', this.id) && this.spec.credential.kind === 'key';
    let client: DeviceClient;
    try {
      client = await openDeviceClient(connection, this.spec.credential, this.host.config.ca, expired);
    } catch (error) {
      if (generation !== this.generation) return;
      this.fail(`connect to ${connection.assignedHub} failed: ${describe(error)}`, 'offline');
      if (!this.connectionProven && !expired && /Unauthorized|NotFound|not authorized/i.test(describe(error))) {
        // The hub no longer knows the stored identity (a reset sandbox, a deleted device): register again, as a real device would.
        this.host.log(this.id, 'warn', 'stored connection refused; registering again');
        this.connectionProven = true;
        if (await this.provision()) return this.connect();
        return;
      }
      this.scheduleReconnect();
      return;
    }
    if (this.stopped || generation !== this.generation) {
      await client.close().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnects = 0;
    this.connectionProven = true;
    this.setState(this.host.paused ? 'paused' : 'connected');
    this.host.event(this.id, 'connected', 'ok', { hubHost: connection.assignedHub });
    this.host.log(this.id, 'info', `connected to ${connection.assignedHub}`);
    client.on('error', (error: Error) => generation === this.generation && this.fail(`client error: ${describe(error)}`));
    client.on('disconnect', () => {
      if (generation !== this.generation || this.stopped) return;
      this.dropClient('the hub connection dropped');
      this.scheduleReconnect();
    });
    await attachBehaviours(this, client, this.host, generation);
    // A device says something as soon as it is up, then keeps its interval.
    if (generation === this.generation && this.state === 'connected') this.sendOne(client);
    this.schedule(generation);
  }

  /** Closes the connection on purpose (a fault, a reboot); `reason` goes to the device log. */
  async disconnect(reason: string): Promise<void> {
    this.generation += 1;
    this.clearTimer();
    const client = this.client;
    this.client = null;
    if (client) {
      this.host.event(this.id, 'disconnected', null, { reason });
      this.host.log(this.id, 'warn', reason);
      await client.close().catch(() => undefined);
    }
    if (!this.stopped) this.setState('offline');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation += 1;
    this.clearTimer();
    const client = this.client;
    this.client = null;
    if (client) await client.close().catch(() => undefined);
    this.setState('stopped');
  }

  /** Pausing keeps the connection and stops telemetry; resuming restarts it. */
  setPaused(paused: boolean): void {
    if (this.state === 'connected' && paused) this.setState('paused');
    else if (this.state === 'paused' && !paused) this.setState('connected');
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
    this.host.changed(this);
    if (this.client) this.schedule(this.generation);
  }

  /** Counts an error against this device (the SDK's own uncaught TypeErrors land here too). */
  fail(message: string, state?: DeviceState): void {
    this.errors += 1;
    this.lastError = message;
    this.host.log(this.id, 'error', message);
    if (state && !this.stopped) this.setState(state);
    else this.host.changed(this);
  }

  private dropClient(reason: string): void {
    this.generation += 1;
    this.clearTimer();
    const client = this.client;
    this.client = null;
    this.host.event(this.id, 'disconnected', 'failed', { reason });
    this.fail(reason, 'offline');
    if (client) void client.close().catch(() => undefined);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = RECONNECT_BACKOFF_MS[Math.min(this.reconnects, RECONNECT_BACKOFF_MS.length - 1)]!;
    this.reconnects += 1;
    const generation = this.generation;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (generation === this.generation && !this.client) void this.connect();
    }, delay);
  }

  private schedule(generation: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (generation !== this.generation || !this.client) return;
      if (this.state === 'connected') this.sendOne(this.client);
      this.schedule(generation);
    }, nextDelay(this.intervalMs, this.host.config.telemetry.jitterMs));
  }

  private sendOne(client: DeviceClient): void {
    const malformed = this.host.faultActive('malformed-payload', this.id);
    void sendTelemetry(client, this.stream.next(), this.host.config.telemetry.properties, malformed).then(
      () => {
        this.messages += 1;
        this.host.changed(this);
        if (!this.sentFirst) {
          this.sentFirst = true;
          this.host.event(this.id, 'first-telemetry', 'ok', { hubHost: this.connection?.assignedHub ?? null });
        }
      },
      (error: unknown) => this.fail(`telemetry not sent: ${describe(error)}`),
    );
  }

  setState(state: DeviceState): void {
    this.state = state;
    this.host.changed(this);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
