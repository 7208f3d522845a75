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
  const add = (path: string, message: string) => problems.push({ path, message });
  if (input.kind === 'individual' && !REGISTRATION_ID_PATTERN.test(input.id)) add('id', 'Registration id: 1–128 lower-case letters, digits or - . _ :');
  if (input.kind === 'group' && !GROUP_ID_PATTERN.test(input.id)) add('id', 'Group id: 1–128 letters, digits or - . _ :');
  if (input.deviceId && !DEVICE_ID_PATTERN.test(input.deviceId)) add('deviceId', 'Not a valid IoT Hub device id');
  const a = input.attestation;
  if (a.type === 'symmetricKey') {
    for (const [path, key] of [['attestation.primaryKey', a.primaryKey], ['attestation.secondaryKey', a.secondaryKey]] as const) {
      if (key && !isSymmetricKey(key)) add(path, 'A key is base64 of 16 to 64 bytes');
    }
    if (Boolean(a.primaryKey) !== Boolean(a.secondaryKey)) add(a.primaryKey ? 'attestation.secondaryKey' : 'attestation.primaryKey', 'Provide both keys, or neither to have the service generate them');
  }
  if (a.type === 'x509') {
    const needsPem = !(input.kind === 'group' && a.caReference);
    if (needsPem && !a.primaryPem) add('attestation.primaryPem', input.kind === 'group' ? 'Upload a signing certificate or name a CA reference' : 'Upload the client certificate (PEM)');
    for (const [path, pem] of [['attestation.primaryPem', a.primaryPem], ['attestation.secondaryPem', a.secondaryPem]] as const) {
      if (!pem) continue;
      try {
        pemFacts(pem, path);
      } catch {
        add(path, 'Not a PEM certificate');
      }
    }
  }
  if (a.type === 'tpm' && input.kind === 'group') add('attestation.type', 'Enrollment groups do not support TPM attestation');
  if (input.allocationPolicy === 'static' && !input.iotHubHostName && input.iotHubs.length !== 1) add('iotHubHostName', 'Static allocation needs the hub to assign');
  if (input.allocationPolicy === 'custom') {
    if (!input.webhookUrl) add('webhookUrl', 'Custom allocation needs the webhook URL');
    else if (!isHttpUrl(input.webhookUrl)) add('webhookUrl', 'The webhook URL must be an https:// address');
  }
  for (const [path, section] of [['initialTwin.tags', input.initialTwin.tags], ['initialTwin.desired', input.initialTwin.desired]] as const) {
    const problem = twinSectionProblem(section);
    if (problem) add(path, problem);
  }
  return problems;
}

export function assertEnrollmentInput(input: EnrollmentInputParsed): void {
  const problems = enrollmentProblems(input);
  if (problems.length) throw new AppError('validation', `The enrollment has ${problems.length} field${problems.length === 1 ? '' : 's'} to correct`, problems);
}

/** The hub's limits on a twin section: 32 KB of JSON, depth 10, names without `.`, `$` prefix or spaces. */
export function twinSectionProblem(section: Record<string, unknown>): string | null {
  const bytes = Buffer.byteLength(JSON.stringify(section), 'utf8');
  if (bytes > TWIN_SECTION_MAX_BYTES) return `${bytes} bytes is over the 32 KB limit`;
  const walk = (value: unknown, depth: number): string | null => {
    if (depth > 10) return 'Nested deeper than 10 levels';
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    for (const [name, child] of Object.entries(value)) {
      if (name.includes('.') || name.includes(' ') || name.startsWith('$')) return `The name "${name.slice(0, 40)}" may not contain . or spaces nor start with $`;
      const problem = walk(child, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  return walk(section, 1);
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
