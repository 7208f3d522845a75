import { z } from 'zod';
import { channel } from '../channel-spec.ts';

const DTMI = /^dtmi:[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?(?::[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?)*;[1-9][0-9]{0,8}$/;
export const dtmiSchema = z.string().regex(DTMI, 'Not a DTMI such as dtmi:contosocom:DigitalTwins:Thermostat;2');
export const twinIdSchema = z.string().trim().min(1, 'Give the twin an id').max(128).regex(/^[^\s/'"\\]+$/, 'No spaces, slashes or quotes');

export const modelSummarySchema = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  decommissioned: z.boolean(),
  properties: z.array(z.object({ name: z.string(), schema: z.string(), writable: z.boolean() })),
  relationships: z.array(z.object({ name: z.string(), target: z.string().nullable() })),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const twinSummarySchema = z.object({
  dtId: z.string(),
  model: z.string(),
  properties: z.record(z.string(), z.unknown()),
  /** ISO time of the last write to each property. */
  updated: z.record(z.string(), z.string()),
});
export type TwinSummary = z.infer<typeof twinSummarySchema>;

export const relationshipSummarySchema = z.object({ id: z.string(), source: z.string(), target: z.string(), name: z.string() });
export type RelationshipSummary = z.infer<typeof relationshipSummarySchema>;

export const functionCallSchema = z.object({
  fn: z.enum(['allocation', 'telemetry', 'lifecycle']),
  module: z.enum(['seed', 'custom']).optional(),
  at: z.number(),
  ms: z.number(),
  ok: z.boolean(),
  status: z.number().optional(),
  deviceId: z.string().optional(),
  dtId: z.string().optional(),
  reason: z.string().optional(),
});
export type FunctionCall = z.infer<typeof functionCallSchema>;

export const functionsStatusSchema = z.object({
  state: z.enum(['stopped', 'running', 'unsupported']),
  allocationUrl: z.string().nullable(),
  /** The operator's allocation module (its path) the host was started with, if any. */
  allocationModule: z.string().nullable(),
  /** Its webhook, for an enrollment group's custom allocation; null when none is loaded. */
  customAllocationUrl: z.string().nullable(),
  /** Why the operator's module is not served (it did not load, or exports no `allocate`). */
  allocationModuleError: z.string().nullable(),
  restarts: z.number().int(),
  telemetry: z.object({ updated: z.number().int(), skipped: z.number().int(), failed: z.number().int() }),
  lastError: z.string().nullable(),
});
export type FunctionsStatus = z.infer<typeof functionsStatusSchema>;

export const twinsOverviewSchema = z.object({
  profileKind: z.enum(['sandbox', 'azure']),
  /** The ADT instance URL (no token), null while an Azure profile has none set. */
  endpoint: z.string().nullable(),
  models: z.array(modelSummarySchema),
  twins: z.array(twinSummarySchema),
  /** True when more twins exist than the overview lists. */
  truncated: z.boolean(),
  relationships: z.array(relationshipSummarySchema),
});
export type TwinsOverview = z.infer<typeof twinsOverviewSchema>;

export const labRequestSchema = z.object({
  /** The console's seed function, the operator's module, or (Azure) a deployed function URL. */
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('seed') }),
    /** The operator's own module, as set with twins:setAllocationModule (sandbox profiles). */
    z.object({ kind: z.literal('module') }),
    z.object({ kind: z.literal('url'), url: z.string().url('A function URL such as https://app.azurewebsites.net/api/DpsAdtAllocationFunc?code=…') }),
  ]),
  enrollment: z.object({ kind: z.enum(['group', 'individual']), id: z.string().trim().min(1, 'Pick an enrollment') }),
  registrationId: z.string().trim().min(1, 'Give a registration id').max(128),
  /** The device's provisioning payload, as JSON text. */
  payload: z.string().max(64 * 1024),
}).strict();
export type LabRequest = z.infer<typeof labRequestSchema>;

export const labResultSchema = z.object({
  status: z.number().int(),
  ms: z.number(),
  /** The request the function received (attestation type only, never a key). */
  request: z.unknown(),
  answer: z.unknown(),
  hub: z.string().nullable(),
  initialTwin: z.unknown().nullable(),
  reason: z.string().nullable(),
});
export type LabResult = z.infer<typeof labResultSchema>;

const empty = z.object({}).strict();

/**
 * The operator's allocation module: a file path (absolute; the service checks that, that the file
 * exists and that it loads and exports `allocate`), or null to stop using one.
 */
export const allocationModulePathSchema = z
  .string()
  .trim()
  .min(1, "Give the module's path")
  .max(4096)
  .regex(/\.(?:js|mjs|cjs)$/i, 'Use a .js, .mjs or .cjs file')
  .nullable();

/** Azure Digital Twins: models, twins and their graph, the seed's functions and the Allocation lab. */
export const digitalTwinsChannels = {
  'twins:overview': channel(empty, twinsOverviewSchema),
  /** Azure profiles only: the ADT instance this profile uses. */
  'twins:setEndpoint': channel(z.object({ url: z.string().url('An https URL such as https://name.api.weu.digitaltwins.azure.net').startsWith('https://', 'Use https') }).strict(), z.object({ endpoint: z.string() })),
  /** Uploads the seed's SpaceModel and ThermostatModel (those already present are left alone). */
  'twins:uploadSeedModels': channel(empty, z.object({ uploaded: z.array(z.string()), existing: z.array(z.string()) })),
  'twins:uploadModels': channel(z.object({ json: z.string().min(2, 'Paste a DTDL interface or an array of them').max(1024 * 1024) }).strict(), z.object({ uploaded: z.array(z.string()), existing: z.array(z.string()) })),
  'twins:createTwin': channel(
    z.object({ dtId: twinIdSchema, modelId: dtmiSchema, properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) }).strict(),
    twinSummarySchema,
  ),
  'twins:createRelationship': channel(z.object({ sourceId: twinIdSchema, targetId: twinIdSchema, name: z.string().min(1) }).strict(), relationshipSummarySchema),
  /** Deletes the twin and its relationships; the renderer asks first. */
  'twins:deleteTwin': channel(z.object({ dtId: z.string().min(1), confirmed: z.literal(true) }).strict(), z.object({ deleted: z.string() })),
  'twins:functionsStatus': channel(empty, functionsStatusSchema),
  /** Sandbox profiles: starts the function host (allocation webhook + telemetry/lifecycle from the hubs). */
  'twins:functionsStart': channel(empty, functionsStatusSchema),
  'twins:functionCalls': channel(z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(functionCallSchema)),
  'twins:labRun': channel(labRequestSchema, labResultSchema),
  /** Sandbox profiles: the operator's allocation module, kept with the profile; the host restarts with it. */
  'twins:setAllocationModule': channel(z.object({ path: allocationModulePathSchema }).strict(), functionsStatusSchema),
};
