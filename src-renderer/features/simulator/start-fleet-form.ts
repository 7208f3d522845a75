import type { FleetOptions } from '../../../src-shared/contract/channels/simulator.ts';

export type GeneratorKind = 'random-walk' | 'sine' | 'step' | 'counter';

/** The Start fleet form as typed: strings until submitted. */
export interface StartFleetForm {
  sourceKind: 'group' | 'create' | 'individual';
  groupId: string;
  attestation: 'symmetricKey' | 'x509';
  registrationIds: string;
  count: string;
  idPattern: string;
  transport: 'mqtt' | 'http';
  payload: string;
  telemetryKind: 'sample' | 'file' | 'generators';
  sample: 'random_telemetry' | 'thermostat';
  filePath: string;
  fieldName: string;
  generator: GeneratorKind;
  min: string;
  max: string;
  intervalSeconds: string;
  jitterMs: string;
  reprovision: boolean;
}

export const EMPTY_FORM: StartFleetForm = {
  sourceKind: 'group',
  groupId: '',
  attestation: 'symmetricKey',
  registrationIds: '',
  count: '20',
  idPattern: 'sim-{n:5}',
  transport: 'mqtt',
  payload: '',
  telemetryKind: 'sample',
  sample: 'random_telemetry',
  filePath: '',
  fieldName: 'temperature',
  generator: 'random-walk',
  min: '18',
  max: '26',
  intervalSeconds: '5',
  jitterMs: '500',
  reprovision: false,
};

/** Form field → the i18n key of what is wrong with it. */
export type FormErrors = Partial<Record<keyof StartFleetForm, string>>;

/** The request path the main process names in a validation detail → the form field that holds it. */
export const FIELD_OF_PATH: Record<string, keyof StartFleetForm> = {
  'source.groupId': 'groupId',
  'source.registrationIds': 'registrationIds',
  count: 'count',
  idPattern: 'idPattern',
  payload: 'payload',
  'telemetry.intervalMs': 'intervalSeconds',
  'telemetry.jitterMs': 'jitterMs',
  'telemetry.source.path': 'filePath',
};

function integer(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

/** Checks what the form can check itself and builds the request; the main process checks it again. */
export function toFleetOptions(form: StartFleetForm): { ok: true; options: FleetOptions } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const ids = form.registrationIds.split(/[\s,]+/).filter(Boolean);
  if (form.sourceKind === 'group' && !form.groupId.trim()) errors.groupId = 'simulator.form.errors.required';
  if (form.sourceKind === 'individual' && !ids.length) errors.registrationIds = 'simulator.form.errors.required';
  const count = integer(form.count);
  if (form.sourceKind !== 'individual' && (count === null || count < 1 || count > 10_000)) errors.count = 'simulator.form.errors.count';
  if (!/\{n(:\d+)?\}/.test(form.idPattern)) errors.idPattern = 'simulator.form.errors.pattern';
  let payload: FleetOptions['payload'] = null;
  if (form.payload.trim()) {
    try {
      payload = JSON.parse(form.payload) as FleetOptions['payload'];
    } catch {
      errors.payload = 'simulator.form.errors.json';
    }
  }
  const seconds = Number(form.intervalSeconds);
  if (!form.intervalSeconds.trim() || !Number.isFinite(seconds) || seconds < 0.1 || seconds > 86_400) errors.intervalSeconds = 'simulator.form.errors.interval';
  const jitter = integer(form.jitterMs);
  if (jitter === null) errors.jitterMs = 'simulator.form.errors.jitter';
  if (form.telemetryKind === 'file' && !form.filePath.trim()) errors.filePath = 'simulator.form.errors.required';
  const min = Number(form.min);
  const max = Number(form.max);
  if (form.telemetryKind === 'generators') {
    if (!/^[A-Za-z_][\w-]*$/.test(form.fieldName)) errors.fieldName = 'simulator.form.errors.fieldName';
    if (!form.min.trim() || !Number.isFinite(min)) errors.min = 'simulator.form.errors.number';
    if (!form.max.trim() || !Number.isFinite(max) || max <= min) errors.max = 'simulator.form.errors.max';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const source: FleetOptions['source'] =
    form.sourceKind === 'group' ? { kind: 'group', groupId: form.groupId.trim() }
    : form.sourceKind === 'individual' ? { kind: 'individual', registrationIds: ids }
    : { kind: 'create', attestation: form.attestation };
  const telemetrySource: FleetOptions['telemetry']['source'] =
    form.telemetryKind === 'sample' ? { kind: 'sample', name: form.sample }
    : form.telemetryKind === 'file' ? { kind: 'file', path: form.filePath.trim() }
    : { kind: 'generators', fields: [{ name: form.fieldName, kind: form.generator, min, max, period: form.generator === 'counter' ? 1 : 30 }] };
  return {
    ok: true,
    options: {
      source,
      count: form.sourceKind === 'individual' ? ids.length : (count ?? 1),
      idPattern: form.idPattern,
      transport: form.transport,
      payload,
      telemetry: { intervalMs: Math.round(seconds * 1000), jitterMs: jitter ?? 0, properties: {}, source: telemetrySource },
      reprovision: form.reprovision,
    },
  };
}
