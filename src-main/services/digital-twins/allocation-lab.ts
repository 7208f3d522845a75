import type { LabResult } from '../../../src-shared/contract/channels/digital-twins.ts';
import { AppError } from '../../../src-shared/contract/result.ts';

/** What DPS sends a custom allocation webhook: the enrollment with its attestation type only, never a key. */
export function buildAllocationRequest(enrollment: Record<string, unknown>, kind: 'group' | 'individual', registrationId: string, payload: unknown, linkedHubs: string[]): Record<string, unknown> {
  const { attestation, ...rest } = enrollment;
  const type = (attestation as { type?: string } | undefined)?.type ?? 'symmetricKey';
  const withType = { ...rest, attestation: { type } };
  const iotHubs = Array.isArray(enrollment.iotHubs) && enrollment.iotHubs.length > 0 ? (enrollment.iotHubs as string[]) : linkedHubs;
  return {
    [kind === 'group' ? 'enrollmentGroup' : 'individualEnrollment']: withType,
    deviceRuntimeContext: { registrationId, ...(type === 'symmetricKey' ? { symmetricKey: {} } : {}), ...(payload !== undefined ? { payload } : {}) },
    linkedHubs: iotHubs,
  };
}

export function parsePayload(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('validation', 'The payload is not valid JSON', [{ path: 'payload', message: (error as Error).message }]);
  }
}

/** POSTs the request to the function and reads its answer as DPS would. */
export async function callAllocationFunction(url: string, request: unknown, timeoutMs = 10_000): Promise<LabResult> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new AppError('unavailable', `The function at ${new URL(url).host} did not answer: ${(error as Error).message}`);
  }
  const text = (await response.text()).slice(0, 64 * 1024);
  const ms = Math.round((performance.now() - started) * 10) / 10;
  let answer: unknown = text;
  try {
    answer = JSON.parse(text);
  } catch {
    // keep the text
  }
  const body = (typeof answer === 'object' && answer !== null ? answer : {}) as { iotHubHostName?: unknown; initialTwin?: unknown; message?: unknown };
  const ok = response.status < 300;
  return {
    status: response.status,
    ms,
    request,
    answer,
    hub: ok && typeof body.iotHubHostName === 'string' ? body.iotHubHostName : null,
    initialTwin: ok ? (body.initialTwin ?? null) : null,
    reason: ok ? null : typeof body.message === 'string' ? body.message : `HTTP ${response.status}`,
  };
}
