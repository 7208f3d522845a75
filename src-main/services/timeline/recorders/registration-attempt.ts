import { redactSecrets } from '../../../security/redact.ts';
import type { EventLog } from '../../event-log/event-log.ts';

interface RegistrationOutcome {
  assignedHub?: string;
  deviceId?: string;
}

/** Why a registration failed, in words from the SDK's error (DPS's own message where it sent one); never a key. */
export function failureReason(error: unknown): { reason: string; errorCode?: number; status?: number } {
  const e = (error ?? {}) as { message?: string; name?: string; result?: { registrationState?: { errorMessage?: string; errorCode?: number } }; response?: { statusCode?: number }; transportObj?: { statusCode?: number } };
  const state = e.result?.registrationState;
  const status = e.response?.statusCode ?? e.transportObj?.statusCode;
  const reason = redactSecrets(state?.errorMessage ?? (status === 401 ? `DPS refused the credentials (401): ${e.message ?? e.name ?? 'unauthorized'}` : (e.message ?? e.name ?? String(error)))).slice(0, 500);
  return { reason, ...(state?.errorCode ? { errorCode: state.errorCode } : {}), ...(status ? { status } : {}) };
}

/**
 * Runs one device registration and records it: `registration-attempted` before, then `registered`
 * with the hub and device id, or `registration-failed` with the reason. For any device-side
 * caller (the simulator, a serial-pushed device's first boot, tests).
 */
export async function recordRegistration<T extends RegistrationOutcome>(
  eventLog: EventLog,
  profileId: string,
  registrationId: string,
  source: 'simulator' | 'console' | 'serial',
  register: () => Promise<T>,
): Promise<T> {
  eventLog.append(profileId, { kind: 'registration-attempted', source, registrationId });
  try {
    const result = await register();
    eventLog.append(profileId, { kind: 'registered', source, registrationId, deviceId: result.deviceId ?? null, hubHost: result.assignedHub ?? null, outcome: 'ok' });
    return result;
  } catch (error) {
    eventLog.append(profileId, { kind: 'registration-failed', source, registrationId, outcome: 'failed', detail: failureReason(error) });
    throw error;
  }
}
