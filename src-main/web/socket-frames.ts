import { z } from 'zod';
import type { ErrorShape } from '../../src-shared/contract/result.ts';
import type { RequestFrame, ServerFrame } from '../../src-shared/contract/wire.ts';

/** Frames above this size close the socket (ws maxPayload, close code 1009). */
export const MAX_FRAME_BYTES = 1024 * 1024;

const requestFrameSchema = z
  .object({
    t: z.literal('req'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    channel: z.string().min(1).max(200),
    payload: z.unknown(),
  })
  .strict();

const recoverableId = z.object({ id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) });

/** A parsed client frame: a request, or the reply that refuses it (a 'res' when its id is readable, else 'fatal'). */
export type ParsedFrame = { kind: 'request'; frame: RequestFrame } | { kind: 'refusal'; reply: ServerFrame };

function validation(message: string): ErrorShape {
  return { code: 'validation', message };
}

export function parseClientFrame(data: Buffer | string, isBinary: boolean): ParsedFrame {
  if (isBinary) return { kind: 'refusal', reply: { t: 'fatal', error: validation('Frames must be JSON text, not binary.') } };
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { kind: 'refusal', reply: { t: 'fatal', error: validation('Frame is not valid JSON.') } };
  }
  const parsed = requestFrameSchema.safeParse(json);
  if (parsed.success) return { kind: 'request', frame: parsed.data as RequestFrame };
  const summary = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || 'frame'}: ${issue.message}`)
    .join('; ');
  const message = `Malformed request frame: ${summary}. Expected {t:'req', id, channel, payload}.`;
  const id = recoverableId.safeParse(json);
  if (id.success) return { kind: 'refusal', reply: { t: 'res', id: id.data.id, result: { ok: false, error: validation(message) } } };
  return { kind: 'refusal', reply: { t: 'fatal', error: validation(message) } };
}
