/** The steps of one credential push, in order (PROTOCOL.md §4, §7). */
export const PUSH_STEPS = ['detect', 'identify', 'derive', 'send', 'verify', 'commit', 'register'] as const;
export type PushStep = (typeof PUSH_STEPS)[number];

export const PUSH_ERROR_CODES = [
  'SERIAL_OPEN_FAILED',
  'SERIAL_TIMEOUT_IDENTIFY',
  'SERIAL_TIMEOUT_VERIFY',
  'SERIAL_TIMEOUT_COMMIT',
  'SERIAL_TIMEOUT_REGISTER',
  'SERIAL_SERIAL_MISMATCH',
  'SERIAL_PROOF_MISMATCH',
  'SERIAL_DEVICE_ERROR',
  'SERIAL_PORT_CLOSED',
  'SERIAL_REGISTER_FAILED',
  'SERIAL_CANCELLED',
  'SERIAL_INVALID_INPUT',
] as const;
export type PushErrorCode = (typeof PUSH_ERROR_CODES)[number];

/** A push that stopped: at which step, with a stable code and a message for the operator (no secret). */
export class PushError extends Error {
  readonly code: PushErrorCode;
  readonly step: PushStep;
  constructor(code: PushErrorCode, step: PushStep, message: string) {
    super(message);
    this.name = 'PushError';
    this.code = code;
    this.step = step;
  }
}
