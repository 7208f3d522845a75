import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { keyFingerprint } from '../keys/device-key.ts';
import type { FrameBody } from './frame-codec.ts';
import { PushError, type PushStep } from './push-errors.ts';
import type { SerialLink } from './serial-link.ts';

export interface PushPlan {
  /** The registration id to write; when absent it is `registrationPrefix` + the device's serial. */
  registrationId?: string;
  registrationPrefix?: string;
  /** When set, the device must report exactly this serial number. */
  expectedSerial?: string;
  idScope: string;
  globalEndpoint: string;
  /** Wait for the device to register with DPS and report its hub (the register step). */
  register: boolean;
}

export interface PushTimeouts {
  attemptMs: number;
  identifyMs: number;
  verifyMs: number;
  commitMs: number;
  registerMs: number;
}

export const DEFAULT_TIMEOUTS: PushTimeouts = { attemptMs: 500, identifyMs: 5000, verifyMs: 5000, commitMs: 5000, registerMs: 60_000 };

export interface StepUpdate {
  step: PushStep;
  status: 'running' | 'ok' | 'failed' | 'skipped';
  at: number;
  code?: string;
  message?: string;
}

export interface PushOutcome {
  registrationId: string;
  serial: string;
  model: string;
  keyFingerprint: string;
  assignedHub: string | null;
  deviceId: string | null;
}

export interface PushContext {
  link: SerialLink;
  /** Derives the per-device key in the main process (the group key stays with the caller). */
  deriveKey: (registrationId: string) => Promise<string> | string;
  timeouts?: Partial<PushTimeouts>;
  signal?: AbortSignal;
  onStep?: (update: StepUpdate) => void;
  /** Called once the device has said who it is (before anything is written). */
  onIdentified?: (device: { serial: string; model: string }) => void;
}

const REGISTRATION_ID = /^[a-z0-9.:_-]{1,128}$/;

export function computeProof(key: string, hostNonce: string, deviceNonce: string, plan: { idScope: string; globalEndpoint: string; registrationId: string }): Buffer {
  const message = ['PB1-proof', hostNonce, deviceNonce, plan.idScope, plan.globalEndpoint, plan.registrationId].join('\n');
  return createHmac('sha256', Buffer.from(key, 'base64')).update(message, 'utf8').digest();
}

function deviceError(step: PushStep, reply: FrameBody): PushError {
  return new PushError('SERIAL_DEVICE_ERROR', step, `The device refused: ${String(reply.code)} ${String(reply.message ?? '')}`.trim());
}

/** The full verified push on an open link: identify, derive, send, verify, commit, register. */
export async function runPush(plan: PushPlan, context: PushContext): Promise<PushOutcome> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...context.timeouts };
  const { link, signal } = context;
  let current: PushStep = 'identify';
  const step = async <T>(name: PushStep, work: () => Promise<T> | T): Promise<T> => {
    current = name;
    context.onStep?.({ step: name, status: 'running', at: Date.now() });
    const value = await work();
    context.onStep?.({ step: name, status: 'ok', at: Date.now() });
    return value;
  };
  const ask = (fields: Omit<FrameBody, 's'>, name: PushStep, deadlineMs: number, timeoutCode: PushError['code']) =>
    link.request(fields, { step: name, timeoutCode, attemptMs: timeouts.attemptMs, deadlineMs, signal });
  try {
    const hostNonce = randomBytes(16).toString('hex');
    const info = await step('identify', async () => {
      const reply = await ask({ t: 'hello', n: hostNonce }, 'identify', timeouts.identifyMs, 'SERIAL_TIMEOUT_IDENTIFY');
      if (reply.t !== 'info' || typeof reply.n !== 'string') throw deviceError('identify', reply);
      const serial = String(reply.serial ?? '').slice(0, 128);
      const model = String(reply.model ?? 'unknown').slice(0, 128);
      context.onIdentified?.({ serial, model });
      if (plan.expectedSerial !== undefined && serial !== plan.expectedSerial) {
        throw new PushError('SERIAL_SERIAL_MISMATCH', 'identify', `This device's serial number is ${serial}, but the queue expects ${plan.expectedSerial}. Nothing was written.`);
      }
      return { deviceNonce: reply.n, serial, model };
    });
    const registrationId = plan.registrationId ?? `${plan.registrationPrefix ?? ''}${info.serial}`.toLowerCase();
    const key = await step('derive', async () => {
      if (!REGISTRATION_ID.test(registrationId)) {
        throw new PushError('SERIAL_INVALID_INPUT', 'derive', `"${registrationId}" is not a valid registration id (lower-case letters, digits, - . _ :, up to 128).`);
      }
      return context.deriveKey(registrationId);
    });
    const fields = { idScope: plan.idScope, globalEndpoint: plan.globalEndpoint, registrationId };
    let stored: FrameBody | undefined;
    await step('send', async () => {
      stored = await ask({ t: 'config', ...fields, key }, 'send', timeouts.verifyMs, 'SERIAL_TIMEOUT_VERIFY');
      if (stored.t === 'error') throw deviceError('send', stored);
    });
    await step('verify', async () => {
      if (stored?.t !== 'stored' || typeof stored.proof !== 'string') throw deviceError('verify', stored as FrameBody);
      const expected = computeProof(key, hostNonce, info.deviceNonce, fields);
      const got = Buffer.from(/^[0-9a-f]{64}$/.test(stored.proof) ? stored.proof : '', 'hex');
      if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
        await ask({ t: 'discard' }, 'verify', timeouts.commitMs, 'SERIAL_TIMEOUT_VERIFY').catch(() => undefined);
        throw new PushError('SERIAL_PROOF_MISMATCH', 'verify', 'The device could not prove it stored these credentials; they were discarded, its previous ones stay.');
      }
    });
    await step('commit', async () => {
      const reply = await ask({ t: 'commit' }, 'commit', timeouts.commitMs, 'SERIAL_TIMEOUT_COMMIT');
      if (reply.t !== 'committed') throw deviceError('commit', reply);
    });
    const outcome: PushOutcome = { registrationId, serial: info.serial, model: info.model, keyFingerprint: keyFingerprint(key), assignedHub: null, deviceId: null };
    if (!plan.register) {
      context.onStep?.({ step: 'register', status: 'skipped', at: Date.now() });
      return outcome;
    }
    return await step('register', () => waitForAssignment(outcome, context, timeouts));
  } catch (error) {
    const failure = error instanceof PushError ? error : new PushError('SERIAL_DEVICE_ERROR', current, (error as Error).message);
    context.onStep?.({ step: failure.step, status: 'failed', at: Date.now(), code: failure.code, message: failure.message });
    throw failure;
  }
}

async function waitForAssignment(outcome: PushOutcome, context: PushContext, timeouts: PushTimeouts): Promise<PushOutcome> {
  const deadline = Date.now() + timeouts.registerMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new PushError('SERIAL_TIMEOUT_REGISTER', 'register', `The device did not report a hub within ${timeouts.registerMs} ms.`);
    const reply = await context.link.request({ t: 'status' }, { step: 'register', timeoutCode: 'SERIAL_TIMEOUT_REGISTER', attemptMs: timeouts.attemptMs, deadlineMs: left, signal: context.signal });
    if (reply.state === 'assigned' && typeof reply.assignedHub === 'string') {
      return { ...outcome, assignedHub: reply.assignedHub, deviceId: typeof reply.deviceId === 'string' ? reply.deviceId : null };
    }
    if (reply.state === 'failed') throw new PushError('SERIAL_REGISTER_FAILED', 'register', `The device could not register with DPS: ${String(reply.error ?? 'no reason given')}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(300, Math.max(0, deadline - Date.now()))));
  }
}
