import type { ErrorDetail } from '../../../src-shared/contract/result.ts';
import { TWIN_SECTION_MAX_BYTES, type EnrollmentInput, type EnrollmentKind, type EnrollmentView } from '../../../src-shared/domain/enrollment.ts';

/** The create/edit form's own state: strings as typed, the twin as JSON text. Keys typed here leave with the save and are cleared after it. */
export interface EnrollmentFormValues {
  kind: EnrollmentKind;
  id: string;
  deviceId: string;
  attestationType: 'symmetricKey' | 'x509' | 'tpm';
  keyMode: 'generate' | 'provide' | 'keep';
  primaryKey: string;
  secondaryKey: string;
  primaryPem: string;
  secondaryPem: string;
  caReference: string;
  endorsementKey: string;
  storageRootKey: string;
  iotEdge: boolean;
  status: 'enabled' | 'disabled';
  allocationPolicy: 'hashed' | 'geoLatency' | 'static' | 'custom';
  iotHubs: string[];
  iotHubHostName: string;
  webhookUrl: string;
  webhookApiVersion: string;
  updateHubAssignment: boolean;
  migrateDeviceData: boolean;
  tagsJson: string;
  desiredJson: string;
  etag: string;
}

export function emptyForm(kind: EnrollmentKind): EnrollmentFormValues {
  return {
    kind,
    id: '',
    deviceId: '',
    attestationType: 'symmetricKey',
    keyMode: 'generate',
    primaryKey: '',
    secondaryKey: '',
    primaryPem: '',
    secondaryPem: '',
    caReference: '',
    endorsementKey: '',
    storageRootKey: '',
    iotEdge: false,
    status: 'enabled',
    allocationPolicy: 'hashed',
    iotHubs: [],
    iotHubHostName: '',
    webhookUrl: '',
    webhookApiVersion: '2021-10-01',
    updateHubAssignment: true,
    migrateDeviceData: true,
    tagsJson: '{}',
    desiredJson: '{}',
    etag: '',
  };
}

export function formFromView(view: EnrollmentView): EnrollmentFormValues {
  const a = view.attestation;
  return {
    ...emptyForm(view.kind),
    id: view.id,
    deviceId: view.deviceId ?? '',
    attestationType: a.type === 'none' ? 'symmetricKey' : a.type,
    keyMode: 'keep',
    caReference: a.caReference ?? '',
    endorsementKey: a.endorsementKey ?? '',
    storageRootKey: a.storageRootKey ?? '',
    iotEdge: view.iotEdge,
    status: view.status,
    allocationPolicy: view.allocationPolicy ?? 'hashed',
    iotHubs: view.iotHubs,
    iotHubHostName: view.iotHubHostName ?? '',
    webhookUrl: view.webhookUrl ?? '',
    webhookApiVersion: view.webhookApiVersion ?? '2021-10-01',
    updateHubAssignment: view.reprovision.updateHubAssignment,
    migrateDeviceData: view.reprovision.migrateDeviceData,
    tagsJson: JSON.stringify(view.initialTwin.tags, null, 2),
    desiredJson: JSON.stringify(view.initialTwin.desired, null, 2),
    etag: view.etag ?? '',
  };
}

/** Bytes of a JSON text as the service counts them (UTF-8). */
export function jsonBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; message: string; key: string; params?: Record<string, string | number> };

function parseSection(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    return { ok: false, message: `Not JSON: ${(error as Error).message}`, key: 'notJson', params: { reason: (error as Error).message } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'Must be a JSON object { … }', key: 'notObject' };
  const bytes = jsonBytes(JSON.stringify(value));
  if (bytes > TWIN_SECTION_MAX_BYTES) return { ok: false, message: `${bytes} bytes is over the 32 KB limit`, key: 'twinTooBig', params: { bytes } };
  return { ok: true, value: value as Record<string, unknown> };
}

/** The request for the form, or the fields the renderer can already tell are wrong (the main process checks the rest). */
export function inputFromForm(v: EnrollmentFormValues): { input: EnrollmentInput; errors: [] } | { input: null; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const tags = parseSection(v.tagsJson);
  const desired = parseSection(v.desiredJson);
  if (!tags.ok) errors.push({ path: 'initialTwin.tags', message: tags.message, key: tags.key, ...(tags.params ? { params: tags.params } : {}) });
  if (!desired.ok) errors.push({ path: 'initialTwin.desired', message: desired.message, key: desired.key, ...(desired.params ? { params: desired.params } : {}) });
  if (!v.id.trim()) errors.push({ path: 'id', message: 'Required', key: 'required' });
  if (errors.length || !tags.ok || !desired.ok) return { input: null, errors };
  const attestation: EnrollmentInput['attestation'] =
    v.attestationType === 'symmetricKey'
      ? v.keyMode === 'provide'
        ? { type: 'symmetricKey', primaryKey: v.primaryKey.trim(), secondaryKey: v.secondaryKey.trim() }
        : { type: 'symmetricKey' }
      : v.attestationType === 'x509'
        ? { type: 'x509', primaryPem: v.primaryPem || undefined, secondaryPem: v.secondaryPem || undefined, caReference: v.caReference.trim() || undefined }
        : { type: 'tpm', endorsementKey: v.endorsementKey.trim(), storageRootKey: v.storageRootKey.trim() || undefined };
  return {
    errors: [],
    input: {
      kind: v.kind,
      id: v.id.trim(),
      deviceId: v.kind === 'individual' && v.deviceId.trim() ? v.deviceId.trim() : undefined,
      attestation,
      iotEdge: v.iotEdge,
      status: v.status,
      allocationPolicy: v.allocationPolicy,
      iotHubs: v.iotHubs,
      iotHubHostName: v.allocationPolicy === 'static' ? v.iotHubHostName || undefined : undefined,
      webhookUrl: v.allocationPolicy === 'custom' ? v.webhookUrl.trim() : undefined,
      webhookApiVersion: v.allocationPolicy === 'custom' ? v.webhookApiVersion.trim() || undefined : undefined,
      reprovision: { updateHubAssignment: v.updateHubAssignment, migrateDeviceData: v.migrateDeviceData },
      initialTwin: { tags: tags.value, desired: desired.value },
      etag: v.etag || undefined,
    },
  };
}
