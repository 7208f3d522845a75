import { z } from 'zod';
import type { ErrorShape } from '../../src-shared/contract/result.ts';
import { MAX_FRAME_BYTES, type RequestFrame, type ServerFrame } from '../../src-shared/contract/wire.ts';

export { MAX_FRAME_BYTES };

/**
 * What ws itself reads before it gives up with close code 1009 and no word: frames between
 * MAX_FRAME_BYTES and this get a validation reply instead, so a client learns why.
 */
export const HARD_FRAME_BYTES = 4 * MAX_FRAME_BYTES;

/** WebSocket close codes for the fatal refusals (RFC 6455 §7.4.1). */
export const CLOSE = { unsupported: 1003, invalidData: 1007, policy: 1008, tooBig: 1009 } as const;

const requestFrameSchema = z
  .object({
    t: z.literal('req'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    channel: z.string().min(1).max(200),
    payload: z.unknown(),
  })
  .strict();

const recoverableId = z.object({ id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) });

/** A parsed client frame: a request, or the reply that refuses it (a 'res' when its id is readable, else 'fatal', which closes with `close`). */
export type ParsedFrame = { kind: 'request'; frame: RequestFrame } | { kind: 'refusal'; reply: ServerFrame; close?: number };

function validation(message: string): ErrorShape {
  return { code: 'validation', message };
}

function fatal(message: string, close: number): ParsedFrame {
  return { kind: 'refusal', reply: { t: 'fatal', error: validation(message) }, close };
}

export function parseClientFrame(data: Buffer | string, isBinary: boolean): ParsedFrame {
  if (isBinary) return fatal('Frames must be JSON text, not binary.', CLOSE.unsupported);
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    if (size > MAX_FRAME_BYTES) return fatal(tooLarge(size), CLOSE.tooBig);
    return fatal('Frame is not valid JSON.', CLOSE.invalidData);
  }
  if (size > MAX_FRAME_BYTES) {
    // A request too large to run: its id is readable, so only that request fails and the socket stays.
    const id = recoverableId.safeParse(json);
    if (id.success) return { kind: 'refusal', reply: { t: 'res', id: id.data.id, result: { ok: false, error: validation(tooLarge(size)) } } };
    return fatal(tooLarge(size), CLOSE.tooBig);
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
  return fatal(message, CLOSE.invalidData);
}

function tooLarge(size: number): string {
  return `The frame is ${size} bytes; the web console reads frames of at most ${MAX_FRAME_BYTES} bytes (1 MiB).`;
}

const authFrameSchema = z.object({ t: z.literal('auth'), secret: z.string().max(200) }).strict();

/** The tab secret of a first frame `{t:'auth', secret}`, or null when the frame is anything else. */
export function parseAuthFrame(data: Buffer | string, isBinary: boolean): string | null {
  if (isBinary) return null;
  try {
    const parsed = authFrameSchema.safeParse(JSON.parse(typeof data === 'string' ? data : data.toString('utf8')));
    return parsed.success ? parsed.data.secret : null;
  } catch {
    return null;
  }
}
