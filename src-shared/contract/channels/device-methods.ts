import { z } from 'zod';
import { channel } from '../channel-spec.ts';
import { deviceIdSchema } from './devices.ts';

const hubHost = z.string().min(1).max(300);
const methodName = z.string().trim().min(1).max(100).regex(/^[^\s$/#+]+$/, 'A method name has no spaces and no $ / # +');
const payloadText = z.string().max(128 * 1024);

export const methodCallSchema = z
  .object({
    hubHost,
    deviceId: deviceIdSchema,
    methodName,
    /** JSON text; empty means no payload (null). */
    payload: payloadText.default(''),
    responseTimeoutInSeconds: z.number().int().min(5).max(300).default(30),
    connectTimeoutInSeconds: z.number().int().min(0).max(300).default(0),
  })
  .strict();
export type MethodCall = z.input<typeof methodCallSchema>;

export const methodResultSchema = z.object({
  id: z.number(),
  at: z.number(),
  deviceId: z.string(),
  methodName: z.string(),
  payload: z.string(),
  outcome: z.enum(['ok', 'failed']),
  /** The status the device returned; null when the call failed before the device answered. */
  status: z.number().nullable(),
  /** The device's answer as JSON text, or null. */
  response: z.string().nullable(),
  /** Why it failed (offline, timeout…), in words. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  durationMs: z.number(),
});
export type MethodResult = z.infer<typeof methodResultSchema>;

export const methodTemplateSchema = z.object({
  name: z.string(),
  methodName: z.string(),
  payload: z.string(),
  responseTimeoutInSeconds: z.number(),
  builtIn: z.boolean(),
});
export type MethodTemplate = z.infer<typeof methodTemplateSchema>;

export const c2dRequestSchema = z
  .object({
    hubHost,
    deviceId: deviceIdSchema,
    body: z.string().max(64 * 1024),
    properties: z.record(z.string().min(1).max(128), z.string().max(1024)).default({}),
    /** Delivery feedback the operator asked for: none, or 'full' (delivered or rejected/expired). */
    ack: z.enum(['none', 'full']).default('none'),
  })
  .strict();

/** Direct methods (with a per-device history and templates) and cloud-to-device messages. */
export const deviceMethodChannels = {
  'devices:invokeMethod': channel(methodCallSchema, methodResultSchema),
  'devices:methodHistory': channel(z.object({ hubHost, deviceId: deviceIdSchema, limit: z.number().int().min(1).max(500).default(50) }).strict(), z.object({ calls: z.array(methodResultSchema) })),
  'devices:methodTemplates': channel(z.object({}).strict(), z.object({ templates: z.array(methodTemplateSchema) })),
  'devices:saveMethodTemplate': channel(
    z.object({ name: z.string().trim().min(1).max(100), methodName, payload: payloadText, responseTimeoutInSeconds: z.number().int().min(5).max(300) }).strict(),
    methodTemplateSchema,
  ),
  'devices:deleteMethodTemplate': channel(z.object({ name: z.string().min(1).max(100) }).strict(), z.object({ deleted: z.boolean() })),
  'devices:sendMessage': channel(c2dRequestSchema, z.object({ messageId: z.string(), feedback: z.string().nullable() })),
};
