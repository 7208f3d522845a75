import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type { InitialTwin } from './enrollment-model.ts';
import { isLoopbackUrl } from './webhook-url.ts';

/** The JSON DPS posts to an Azure Function for custom allocation. */
export interface CustomAllocationRequest {
  individualEnrollment?: Record<string, unknown>;
  enrollmentGroup?: Record<string, unknown>;
  deviceRuntimeContext: {
    registrationId: string;
    currentIotHubHostName?: string;
    currentDeviceId?: string;
    symmetricKey?: Record<string, never>;
    x509?: Record<string, unknown>;
    payload?: unknown;
  };
  linkedHubs: string[];
}

export interface CustomAllocationAnswer {
  iotHubHostName: string;
  initialTwin?: InitialTwin;
  payload?: unknown;
}

function failed(message: string): DpsError {
  return new DpsError(DpsErrorCode.customAllocationFailed, message);
}

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * The enrollment as DPS shows it to the webhook: its attestation type only. The stored record
 * holds the symmetric keys (for a group, the key every device key derives from); a webhook is a
 * third party and never sees key material.
 */
export function enrollmentForWebhook(presented: Record<string, unknown>): Record<string, unknown> {
  const { attestation, registrationState: _state, ...rest } = presented;
  const type = (attestation as { type?: unknown } | undefined)?.type;
  return { ...rest, attestation: { type: typeof type === 'string' ? type : 'none' } };
}

class AnswerTooLarge extends Error {}

/** The body as text, refusing it as soon as it passes the cap (a large answer is never held whole). */
async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw new AnswerTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Calls the webhook and checks its answer. Every way it can go wrong (refused, HTTP error,
 * timeout, not JSON, a hub that is not linked) becomes a failed registration with a message a
 * person can act on.
 */
export async function callCustomAllocationWebhook(webhookUrl: string, request: CustomAllocationRequest, timeoutMs: number): Promise<CustomAllocationAnswer> {
  const url = new URL(webhookUrl);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    throw failed('Custom allocation webhook must use https (plain http only on loopback).');
  }
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = response.ok ? await readCapped(response) : '';
    if (!response.ok) await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    if (error instanceof AnswerTooLarge) throw failed(`Custom allocation webhook answer is larger than ${MAX_ANSWER_BYTES / 1024} KiB.`);
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw failed(`Custom allocation webhook did not answer within ${timeoutMs} ms.`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw failed(`Custom allocation webhook could not be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}.`);
  }
  // Only the status: the webhook's error body is its own (stack traces, internal names) and the device reads this message.
  if (!response.ok) throw failed(`Custom allocation webhook answered HTTP ${response.status}.`);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw failed('Custom allocation webhook answer is not JSON.');
  }
  if (typeof answer !== 'object' || answer === null) throw failed('Custom allocation webhook answer must be a JSON object.');
  const { iotHubHostName, initialTwin, payload } = answer as Record<string, unknown>;
  if (typeof iotHubHostName !== 'string' || iotHubHostName === '') throw failed('Custom allocation webhook answer has no iotHubHostName.');
  const hub = request.linkedHubs.find((candidate) => candidate.toLowerCase() === iotHubHostName.toLowerCase());
  if (!hub) throw failed(`Custom allocation webhook chose '${iotHubHostName.slice(0, 200)}', which is not one of the linked hubs (${request.linkedHubs.join(', ')}).`);
  if (initialTwin !== undefined && initialTwin !== null && (typeof initialTwin !== 'object' || Array.isArray(initialTwin))) {
    throw failed('Custom allocation webhook answer has an initialTwin that is not an object.');
  }
  return { iotHubHostName: hub, ...(initialTwin ? { initialTwin: initialTwin as InitialTwin } : {}), ...(payload !== undefined ? { payload } : {}) };
}
