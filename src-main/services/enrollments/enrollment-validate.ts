import type { ErrorDetail } from '../../../src-shared/contract/result.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import {
  DEVICE_ID_PATTERN,
  GROUP_ID_PATTERN,
  REGISTRATION_ID_PATTERN,
  TWIN_SECTION_MAX_BYTES,
  type EnrollmentInputParsed,
} from '../../../src-shared/domain/enrollment.ts';
import { pemFacts } from './enrollment-documents.ts';

/**
 * The checks the service would make, made first so the form can name each wrong field
 * (paths match the form's field names) instead of showing one 400 from the service.
 */
export function enrollmentProblems(input: EnrollmentInputParsed): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  // `key` names the message for the form's translation (enrollments.fieldErrors.<key>); `message` is its English.
  const add = (path: string, message: string, key: string, params?: Record<string, string | number>) => problems.push({ path, message, key, ...(params ? { params } : {}) });
  if (input.kind === 'individual' && !REGISTRATION_ID_PATTERN.test(input.id)) add('id', 'Registration id: 1–128 lower-case letters, digits or - . _ :', 'idFormat');
  if (input.kind === 'group' && !GROUP_ID_PATTERN.test(input.id)) add('id', 'Group id: 1–128 letters, digits or - . _ :', 'groupIdFormat');
  if (input.deviceId && !DEVICE_ID_PATTERN.test(input.deviceId)) add('deviceId', 'Not a valid IoT Hub device id', 'deviceIdFormat');
  const a = input.attestation;
  if (a.type === 'symmetricKey') {
    for (const [path, key] of [['attestation.primaryKey', a.primaryKey], ['attestation.secondaryKey', a.secondaryKey]] as const) {
      if (key && !isSymmetricKey(key)) add(path, 'A key is base64 of 16 to 64 bytes', 'keyFormat');
    }
    if (Boolean(a.primaryKey) !== Boolean(a.secondaryKey)) add(a.primaryKey ? 'attestation.secondaryKey' : 'attestation.primaryKey', 'Provide both keys, or neither to have the service generate them', 'keysBoth');
  }
  if (a.type === 'x509') {
    const needsPem = !(input.kind === 'group' && a.caReference);
    if (needsPem && !a.primaryPem) add('attestation.primaryPem', input.kind === 'group' ? 'Upload a signing certificate or name a CA reference' : 'Upload the client certificate (PEM)', input.kind === 'group' ? 'pemRequiredGroup' : 'pemRequired');
    for (const [path, pem] of [['attestation.primaryPem', a.primaryPem], ['attestation.secondaryPem', a.secondaryPem]] as const) {
      if (!pem) continue;
      try {
        pemFacts(pem, path);
      } catch {
        add(path, 'Not a PEM certificate', 'notPem');
      }
    }
  }
  if (a.type === 'tpm' && input.kind === 'group') add('attestation.type', 'Enrollment groups do not support TPM attestation', 'tpmGroup');
  if (input.allocationPolicy === 'static' && !input.iotHubHostName && input.iotHubs.length !== 1) add('iotHubHostName', 'Static allocation needs the hub to assign', 'staticHub');
  if (input.allocationPolicy === 'custom') {
    if (!input.webhookUrl) add('webhookUrl', 'Custom allocation needs the webhook URL', 'webhookRequired');
    else if (!isHttpUrl(input.webhookUrl)) add('webhookUrl', 'The webhook URL must be an https:// address', 'webhookHttps');
  }
  for (const [path, section] of [['initialTwin.tags', input.initialTwin.tags], ['initialTwin.desired', input.initialTwin.desired]] as const) {
    const problem = twinProblem(section);
    if (problem) add(path, problem.message, problem.key, problem.params);
  }
  return problems;
}

export function assertEnrollmentInput(input: EnrollmentInputParsed): void {
  const problems = enrollmentProblems(input);
  if (problems.length) throw new AppError('validation', `The enrollment has ${problems.length} field${problems.length === 1 ? '' : 's'} to correct`, problems);
}

interface TwinProblem {
  message: string;
  key: string;
  params?: Record<string, string | number>;
}

/** The hub's limits on a twin section: 32 KB of JSON, depth 10, names without `.`, `$` prefix or spaces. */
export function twinProblem(section: Record<string, unknown>): TwinProblem | null {
  const bytes = Buffer.byteLength(JSON.stringify(section), 'utf8');
  if (bytes > TWIN_SECTION_MAX_BYTES) return { message: `${bytes} bytes is over the 32 KB limit`, key: 'twinTooBig', params: { bytes } };
  const walk = (value: unknown, depth: number): TwinProblem | null => {
    if (depth > 10) return { message: 'Nested deeper than 10 levels', key: 'twinTooDeep' };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    for (const [name, child] of Object.entries(value)) {
      if (name.includes('.') || name.includes(' ') || name.startsWith('$')) {
        return { message: `The name "${name.slice(0, 40)}" may not contain . or spaces nor start with $`, key: 'twinName', params: { name: name.slice(0, 40) } };
      }
      const problem = walk(child, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  return walk(section, 1);
}

/** The same check, as the English text only (the import preview's per-column message). */
export function twinSectionProblem(section: Record<string, unknown>): string | null {
  return twinProblem(section)?.message ?? null;
}

function isSymmetricKey(key: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) return false;
  const bytes = Buffer.from(key, 'base64').length;
  return bytes >= 16 && bytes <= 64;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname));
  } catch {
    return false;
  }
}
