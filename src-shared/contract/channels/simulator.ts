import { z } from 'zod';
import { channel } from '../channel-spec.ts';

export const SIMULATOR_FAULTS = ['drop-connection', 'stop-answering', 'malformed-payload', 'expired-token'] as const;
export const SIMULATOR_SAMPLES = ['random_telemetry', 'thermostat'] as const;
export const DEVICE_STATES = ['pending', 'registering', 'connecting', 'connected', 'paused', 'offline', 'failed', 'stopped'] as const;

const generatorField = z.object({
  name: z.string().min(1).max(64).regex(/^[A-Za-z_][\w-]*$/, 'a field name is letters, digits, _ or -'),
  kind: z.enum(['random-walk', 'sine', 'step', 'counter']),
  min: z.number().finite(),
  max: z.number().finite(),
  period: z.number().finite().min(0).max(1_000_000).default(0),
});

export const telemetryOptionsSchema = z.object({
  intervalMs: z.number().int().min(100, 'the interval is at least 100 ms').max(86_400_000),
  jitterMs: z.number().int().min(0).max(3_600_000).default(0),
  properties: z.record(z.string().min(1).max(64), z.string().max(256)).default({}),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('generators'), fields: z.array(generatorField).min(1).max(20) }),
    z.object({ kind: z.literal('sample'), name: z.enum(SIMULATOR_SAMPLES) }),
    /** A JSON-lines file on this computer: each line one message, looped. */
    z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096) }),
  ]),
});

export const customMethodSchema = z.object({
  name: z.string().min(1).max(100).regex(/^[\w.-]+$/, 'a method name is letters, digits, _, . or -'),
  status: z.number().int().min(100).max(599),
  payload: z.json().default(null),
  delayMs: z.number().int().min(0).max(300_000).default(0),
});

export const fleetSourceSchema = z.discriminatedUnion('kind', [
  /** Devices of a symmetric-key enrollment group; keys are derived in the main process. */
  z.object({ kind: z.literal('group'), groupId: z.string().min(1).max(128) }),
  /** Existing symmetric-key individual enrollments. */
  z.object({ kind: z.literal('individual'), registrationIds: z.array(z.string().min(1).max(128)).min(1).max(10_000) }),
  /** The console creates an enrollment group for the fleet (symmetric key or an X.509 signing certificate it mints). */
  z.object({ kind: z.literal('create'), attestation: z.enum(['symmetricKey', 'x509']) }),
]);

export const fleetOptionsSchema = z
  .object({
    source: fleetSourceSchema,
    count: z.number().int().min(1, 'a fleet has at least 1 device').max(10_000, 'a fleet has at most 10,000 devices'),
    /** Registration ids: `{n}` is the device number, `{n:5}` zero-padded to 5 digits. */
    idPattern: z.string().min(1).max(100).regex(/\{n(:\d+)?\}/, 'the pattern needs {n} or {n:width}').default('sim-{n:5}'),
    transport: z.enum(['mqtt', 'http']).default('mqtt'),
    /** Custom provisioning payload (e.g. {"modelId": "dtmi:…"}), sent with each registration. */
    payload: z.json().nullable().default(null),
    telemetry: telemetryOptionsSchema,
    methods: z.array(customMethodSchema).max(50).default([]),
    /** Ignore stored connection info and register every device again. */
    reprovision: z.boolean().default(false),
  })
  .strict();
export type FleetOptions = z.input<typeof fleetOptionsSchema>;
export type FleetOptionsParsed = z.output<typeof fleetOptionsSchema>;

export const fleetCountersSchema = z.object({
  devices: z.number().int(),
  provisioned: z.number().int(),
  connected: z.number().int(),
  messagesSent: z.number().int(),
  errors: z.number().int(),
  messagesPerSecond: z.number(),
  readyMs: z.number().nullable(),
});

export const simulatorStatusSchema = z.object({
  state: z.enum(['idle', 'starting', 'running', 'paused', 'stopping', 'crashed']),
  pid: z.number().int().nullable(),
  profileId: z.string().nullable(),
  /** What the fleet runs from, in words (group id, "created group …"); never a key. */
  sourceLabel: z.string().nullable(),
  startedAt: z.number().nullable(),
  counters: fleetCountersSchema,
  faults: z.array(z.enum(SIMULATOR_FAULTS)),
  lastError: z.string().nullable(),
  /** One point a second, the last two minutes. */
  history: z.array(z.object({ at: z.number(), connected: z.number().int(), messagesPerSecond: z.number(), errors: z.number().int() })),
});
export type SimulatorStatus = z.infer<typeof simulatorStatusSchema>;

export const simulatedDeviceSchema = z.object({
  id: z.string(),
  state: z.enum(DEVICE_STATES),
  deviceId: z.string().nullable(),
  hubHost: z.string().nullable(),
  messages: z.number().int(),
  errors: z.number().int(),
  lastError: z.string().nullable(),
  telemetryIntervalMs: z.number().int(),
});
export type SimulatedDevice = z.infer<typeof simulatedDeviceSchema>;

export const deviceLogLineSchema = z.object({ id: z.string(), at: z.number(), level: z.enum(['info', 'warn', 'error']), text: z.string() });
export type DeviceLogLine = z.infer<typeof deviceLogLineSchema>;

const empty = z.object({}).strict();
const targetIds = z.array(z.string().min(1).max(128)).min(1).max(10_000).nullable().default(null);

/** The embedded simulator: one fleet at a time in its own process. */
export const simulatorChannels = {
  'simulator:status': channel(empty, simulatorStatusSchema),
  'simulator:start': channel(fleetOptionsSchema, simulatorStatusSchema),
  'simulator:pause': channel(empty, simulatorStatusSchema),
  'simulator:resume': channel(empty, simulatorStatusSchema),
  'simulator:stop': channel(empty, simulatorStatusSchema),
  /** Grows or shrinks the running fleet to `count` devices. */
  'simulator:scale': channel(z.object({ count: z.number().int().min(1).max(10_000) }).strict(), simulatorStatusSchema),
  'simulator:fault': channel(z.object({ fault: z.enum(SIMULATOR_FAULTS), active: z.boolean(), ids: targetIds }).strict(), simulatorStatusSchema),
  'simulator:reprovision': channel(z.object({ ids: targetIds }).strict(), simulatorStatusSchema),
  'simulator:devices': channel(empty, z.object({ devices: z.array(simulatedDeviceSchema) })),
  'simulator:deviceLog': channel(z.object({ id: z.string().min(1).max(128) }).strict(), z.object({ lines: z.array(deviceLogLineSchema) })),
};
