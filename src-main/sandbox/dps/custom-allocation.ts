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
    text = await response.text();
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw failed(`Custom allocation webhook did not answer within ${timeoutMs} ms.`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw failed(`Custom allocation webhook could not be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}.`);
  }
  if (!response.ok) throw failed(`Custom allocation webhook answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  if (text.length > MAX_ANSWER_BYTES) throw failed('Custom allocation webhook answer is too large.');
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
