/**
 * The messages between the simulator service (main process) and the fleet child, over the
 * child's IPC channel only. Device keys and certificates travel here and nowhere else: never in
 * argv, the environment, stdout/stderr or a file.
 */

/** How one device proves itself: a (derived) symmetric key, or an X.509 certificate and its key. */
export type DeviceCredential = { kind: 'key'; key: string } | { kind: 'x509'; certPem: string; keyPem: string };

/** Where an earlier run left the device: its hub and device id. Present → connect without provisioning. */
export interface StoredConnection {
  assignedHub: string;
  deviceId: string;
}

export interface DeviceSpec {
  registrationId: string;
  credential: DeviceCredential;
  connection?: StoredConnection | null;
}

export type GeneratorKind = 'random-walk' | 'sine' | 'step' | 'counter';

export interface GeneratorField {
  name: string;
  kind: GeneratorKind;
  min: number;
  max: number;
  /** Sine period, step length (in messages) or counter increment. */
  period: number;
}

export type TelemetrySource = { kind: 'generators'; fields: GeneratorField[] } | { kind: 'jsonl'; lines: string[] };

export interface TelemetryConfig {
  intervalMs: number;
  jitterMs: number;
  /** Application properties added to every message. */
  properties: Record<string, string>;
  source: TelemetrySource;
}

export interface CustomMethod {
  name: string;
  status: number;
  payload: unknown;
  delayMs: number;
}

export interface FleetConfig {
  provisioningHost: string;
  idScope: string;
  /** PEM list the devices trust, or null for the platform's roots. */
  ca: string | null;
  transport: 'mqtt' | 'http';
  /** Sent with each registration (custom allocation input), e.g. {modelId}. */
  payload: unknown;
  telemetry: TelemetryConfig;
  methods: CustomMethod[];
  /** Devices registering or connecting at once. */
  startConcurrency: number;
}

export const FAULTS = ['drop-connection', 'stop-answering', 'malformed-payload', 'expired-token'] as const;
export type FaultKind = (typeof FAULTS)[number];

export type DeviceState = 'pending' | 'registering' | 'connecting' | 'connected' | 'paused' | 'offline' | 'failed' | 'stopped';

export type ParentMessage =
  | { type: 'start'; config: FleetConfig; devices: DeviceSpec[] }
  | { type: 'add'; devices: DeviceSpec[] }
  | { type: 'remove'; ids: string[] }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'fault'; fault: FaultKind; active: boolean; ids: string[] | null }
  | { type: 'reprovision'; ids: string[] | null }
  | { type: 'stop' };

/** A device's state as it changed (only changed devices cross in a batch). */
export interface DeviceUpdate {
  id: string;
  state: DeviceState;
  deviceId: string | null;
  hubHost: string | null;
  messages: number;
  errors: number;
  lastError: string | null;
  telemetryIntervalMs: number;
}

export interface DeviceLogLine {
  id: string;
  at: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** A step of the provisioning funnel, for the event log. */
export interface SimEvent {
  id: string;
  at: number;
  kind: 'registration-attempted' | 'registered' | 'registration-failed' | 'connected' | 'disconnected' | 'first-telemetry' | 'status-reported';
  outcome: 'ok' | 'failed' | null;
  deviceId: string | null;
  hubHost: string | null;
  detail: Record<string, unknown>;
}

export interface FleetCounters {
  devices: number;
  provisioned: number;
  connected: number;
  messagesSent: number;
  errors: number;
  /** Wall time from start until every device connected and sent once, or null while not yet. */
  readyMs: number | null;
}

export type ChildMessage =
  | { type: 'ready'; pid: number; rssKb: number }
  | { type: 'batch'; updates: DeviceUpdate[]; logs: DeviceLogLine[]; events: SimEvent[]; counters: FleetCounters; rssKb: number }
  | { type: 'stopped' };
