import { REGISTRATION_ID_PATTERN, type IndexRow } from '../../../../src-shared/domain/enrollment.ts';
import { twinSectionProblem } from '../enrollment-validate.ts';
import { parseCsv } from './csv.ts';

/** How the CSV's rows become enrollments. */
export interface ImportOptions {
  /** Derives the registration id when the file has none, e.g. `dev-{serial}` (lower-cased, other characters become -). */
  template?: string;
  status?: 'enabled' | 'disabled';
  allocationPolicy?: 'hashed' | 'geoLatency' | 'static';
  iotHubs?: string[];
}

/** One device record the import will create; no key (the service generates them). */
export interface PlannedRow {
  row: number;
  registrationId: string;
  deviceId: string | null;
  serialNumber: string | null;
  customer: string | null;
  model: string | null;
  tags: Record<string, string>;
}

export type PreviewState = 'new' | 'exists' | 'duplicate' | 'invalid';
export interface PreviewRow {
  row: number;
  registrationId: string | null;
  serialNumber: string | null;
  customer: string | null;
  model: string | null;
  state: PreviewState;
  problems: { column: string; message: string }[];
}

export interface ImportPlan {
  rows: PreviewRow[];
  valid: PlannedRow[];
  counts: Record<PreviewState, number>;
}

/** Header spellings → the column each means; anything else becomes a tag of that name. */
const COLUMNS: Record<string, 'serialNumber' | 'registrationId' | 'deviceId' | 'customer' | 'model' | 'tags'> = {
  serialnumber: 'serialNumber',
  serial: 'serialNumber',
  serialno: 'serialNumber',
  registrationid: 'registrationId',
  deviceid: 'deviceId',
  customer: 'customer',
  model: 'model',
  tags: 'tags',
};

export const MAX_IMPORT_ROWS = 200_000;

/**
 * Validates every row of a CSV of device records and marks duplicates within the file and
 * enrollments the index already holds. `existing` answers which registration ids exist.
 */
export function planImport(csvText: string, options: ImportOptions, existing: (ids: string[]) => Set<string>): ImportPlan {
  const table = parseCsv(csvText);
  const header = (table[0] ?? []).map((h) => h.trim());
  const roles = header.map((h) => COLUMNS[h.toLowerCase().replace(/[\s_-]/g, '')] ?? null);
  if (!roles.includes('registrationId') && !(roles.includes('serialNumber') && options.template)) {
    throw new Error('The CSV needs a registrationId column, or a serial number column and a template that derives the id from it');
  }
  const body = table.slice(1, MAX_IMPORT_ROWS + 1);
  const drafts = body.map((cells, i) => draftRow(i + 2, cells, header, roles, options));
  const known = existing(drafts.flatMap((d) => (d.planned ? [d.planned.registrationId] : [])));
  const seen = new Set<string>();
  const rows: PreviewRow[] = [];
  const valid: PlannedRow[] = [];
  for (const draft of drafts) {
    let state: PreviewState = 'invalid';
    if (draft.planned) {
      const id = draft.planned.registrationId;
      state = seen.has(id) ? 'duplicate' : known.has(id) ? 'exists' : 'new';
      if (state === 'duplicate') draft.preview.problems.push({ column: 'registrationId', message: `Repeats an earlier row's registration id ${id}` });
      seen.add(id);
      if (state === 'new') valid.push(draft.planned);
    }
    rows.push({ ...draft.preview, state });
  }
  const counts = { new: 0, exists: 0, duplicate: 0, invalid: 0 };
  for (const row of rows) counts[row.state]++;
  return { rows, valid, counts };
}

function draftRow(line: number, cells: string[], header: string[], roles: (string | null)[], options: ImportOptions) {
  const problems: { column: string; message: string }[] = [];
  const value = (role: string) => {
    const at = roles.indexOf(role);
    const text = at >= 0 ? (cells[at] ?? '').trim() : '';
    return text === '' ? null : text;
  };
  const serialNumber = value('serialNumber');
  const tags: Record<string, string> = {};
  roles.forEach((role, i) => {
    const text = (cells[i] ?? '').trim();
    if (role === null && header[i] && text) tags[header[i]!] = text;
  });
  Object.assign(tags, parseTags(value('tags'), problems));
  const customer = value('customer');
  const model = value('model');
  if (serialNumber) tags.serialNumber = serialNumber;
  if (customer) tags.customer = customer;
  if (model) tags.model = model;
  let registrationId = value('registrationId');
  if (!registrationId && options.template && serialNumber) registrationId = options.template.replace(/\{serial\}/g, serialNumber).toLowerCase().replace(/[^a-z0-9\-._:]/g, '-');
  if (!registrationId) problems.push({ column: 'registrationId', message: 'No registration id (and no serial number for the template)' });
  else if (!REGISTRATION_ID_PATTERN.test(registrationId)) problems.push({ column: 'registrationId', message: `"${registrationId.slice(0, 60)}" is not a registration id: 1–128 lower-case letters, digits or - . _ :` });
  const deviceId = value('deviceId');
  const twinProblem = twinSectionProblem(tags);
  if (twinProblem) problems.push({ column: 'tags', message: twinProblem });
  const preview = { row: line, registrationId, serialNumber, customer, model, problems };
  const planned = problems.length === 0 && registrationId ? { row: line, registrationId, deviceId, serialNumber, customer, model, tags } : null;
  return { preview, planned };
}

/** `tags` cell: a JSON object of strings, or `name=value;name=value`. */
function parseTags(text: string | null, problems: { column: string; message: string }[]): Record<string, string> {
  if (!text) return {};
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      // reported below
    }
    problems.push({ column: 'tags', message: 'Tags must be a JSON object or name=value;name=value' });
    return {};
  }
  const tags: Record<string, string> = {};
  for (const pair of text.split(';')) {
    if (!pair.trim()) continue;
    const at = pair.indexOf('=');
    if (at <= 0) {
      problems.push({ column: 'tags', message: `"${pair.trim().slice(0, 40)}" is not name=value` });
      continue;
    }
    tags[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return tags;
}

/** The index row an imported enrollment gets before the next sync reads it back. */
export function importedIndexRow(row: PlannedRow, options: ImportOptions): IndexRow & { etag: null } {
  const now = new Date().toISOString();
  return {
    kind: 'individual',
    id: row.registrationId,
    deviceId: row.deviceId,
    status: options.status ?? 'enabled',
    attestation: 'symmetricKey',
    allocationPolicy: options.allocationPolicy ?? 'hashed',
    hub: null,
    registrationStatus: null,
    serialNumber: row.serialNumber,
    customer: row.customer,
    model: row.model,
    createdAt: now,
    updatedAt: now,
    etag: null,
  };
}
