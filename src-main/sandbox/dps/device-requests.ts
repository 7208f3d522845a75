import type { Attested, DeviceCredential } from './attestation.ts';
import { attest } from './attestation.ts';
import { DpsError, DpsErrorCode, errorBody } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import type { OperationStatus, RegistrationService } from './registration.ts';

/**
 * The two device requests every connected transport carries (MQTT topics, AMQP messages), decided
 * once here so MQTT and AMQP answer alike: register, then poll the operation. HTTPS keeps its own
 * per-request attestation (`device-http.ts`) but calls the same RegistrationService.
 */

/** A device proved at connect time: who it is, what it presented, and what that proved. */
export interface DeviceSession {
  registrationId: string;
  credential: DeviceCredential;
  /** What the connection proved; reused by the register request while the enrollment is unchanged. */
  attested?: Attested;
}

/**
 * Proves a device as its connection opens (MQTT CONNECT, AMQP SASL or link attach); null when the
 * credential does not attest. TPM still gets in, so its register request can answer with the reason.
 */
export function connectSession(store: DpsStore, idScope: string, registrationId: string, credential: DeviceCredential): DeviceSession | null {
  try {
    return { registrationId, credential, attested: attest(store, idScope, registrationId, credential) };
  } catch (error) {
    if (error instanceof DpsError && error.errorCode === DpsErrorCode.unsupportedAttestation) return { registrationId, credential };
    return null;
  }
}

/** What goes back to the device: a status as the REST API would give it, the JSON body, and a retry-after in seconds. */
export interface DeviceReply {
  status: number;
  body: unknown;
  retryAfter?: number;
}

/** Seconds a device should wait before polling: at once when the answer is ready, else a second. */
export function retryAfterSeconds(status: OperationStatus): number {
  return status.status === 'assigning' ? 1 : 0;
}

/** Parses a register body (`{registrationId, payload}`, or empty) and checks it names the connection's device. */
function registerBody(text: string, registrationId: string): { payload?: unknown } {
  let body: { registrationId?: unknown; payload?: unknown } = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new DpsError(DpsErrorCode.badRequest, 'Register body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null) throw new DpsError(DpsErrorCode.badRequest, 'Register body must be a JSON object.');
  }
  if (body.registrationId !== undefined && body.registrationId !== registrationId) {
    throw new DpsError(DpsErrorCode.badRequest, 'The registrationId in the body does not match the connection.');
  }
  return body;
}

/** Starts a registration: 202 `{operationId, status: "assigning"}` with the retry-after the service gives. */
export async function registerRequest(registrations: RegistrationService, session: DeviceSession, bodyText: string): Promise<DeviceReply> {
  const body = registerBody(bodyText, session.registrationId);
  const status = await registrations.register(session.registrationId, body.payload, session.credential, session.attested);
  return { status: 202, body: { operationId: status.operationId, status: 'assigning' }, retryAfter: retryAfterSeconds(status) };
}

/** Polls an operation: 202 with retry-after while assigning, 200 with the registration state when done. */
export function operationStatusRequest(registrations: RegistrationService, session: DeviceSession, operationId: string | undefined): DeviceReply {
  if (!operationId) throw new DpsError(DpsErrorCode.badRequest, 'operationId is required.');
  const status = registrations.operationStatus(session.registrationId, operationId);
  return status.status === 'assigning' ? { status: 202, body: status, retryAfter: retryAfterSeconds(status) } : { status: 200, body: status };
}

/** A refused request as the device hears it: the DPS error body, with Retry-After when throttled. */
export function errorReply(error: unknown): DeviceReply & { error: DpsError } {
  const known = error instanceof DpsError ? error : new DpsError(DpsErrorCode.internal, 'Internal error.');
  const retryAfter = known.headers['Retry-After'];
  return { status: known.status, body: errorBody(known), error: known, ...(retryAfter === undefined ? {} : { retryAfter: Number(retryAfter) }) };
}
