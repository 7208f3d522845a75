import { AppError } from '../../../../src-shared/contract/result.ts';
import { parseCsv } from '../../enrollments/import/csv.ts';

/** One device identity as an import or export file carries it (keys only in an export the operator asked for). */
export interface IdentityRow {
  deviceId: string;
  status: 'enabled' | 'disabled';
  authType: 'sas' | 'selfSigned' | 'certificateAuthority';
  primaryThumbprint?: string;
  secondaryThumbprint?: string;
  tags?: Record<string, unknown>;
  primaryKey?: string;
  secondaryKey?: string;
}

const COLUMNS = ['deviceId', 'status', 'authType', 'primaryThumbprint', 'secondaryThumbprint', 'tags'] as const;
const KEY_COLUMNS = ['primaryKey', 'secondaryKey'] as const;
const ID = /^[A-Za-z0-9\-.%_*?!(),:=@$']{1,128}$/;

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function rowFrom(record: Record<string, unknown>, line: number): IdentityRow {
  const where = `row ${line}`;
  const deviceId = String(record.deviceId ?? '').trim();
  if (!ID.test(deviceId)) throw new AppError('validation', `${where}: "${deviceId.slice(0, 40)}" is not a device id`, [{ path: `rows.${line}.deviceId`, message: 'not a device id' }]);
  const status = String(record.status ?? 'enabled').trim() || 'enabled';
  if (status !== 'enabled' && status !== 'disabled') throw new AppError('validation', `${where}: status must be enabled or disabled`, [{ path: `rows.${line}.status`, message: 'enabled or disabled' }]);
  const authType = String(record.authType ?? 'sas').trim() || 'sas';
  if (authType !== 'sas' && authType !== 'selfSigned' && authType !== 'certificateAuthority') throw new AppError('validation', `${where}: authType must be sas, selfSigned or certificateAuthority`, [{ path: `rows.${line}.authType`, message: 'unknown authType' }]);
  let tags = record.tags;
  if (typeof tags === 'string') {
    try {
      tags = tags.trim() === '' ? undefined : (JSON.parse(tags) as unknown);
    } catch {
      throw new AppError('validation', `${where}: tags are not JSON`, [{ path: `rows.${line}.tags`, message: 'not JSON' }]);
    }
  }
  if (tags !== undefined && (typeof tags !== 'object' || tags === null || Array.isArray(tags))) throw new AppError('validation', `${where}: tags must be a JSON object`, [{ path: `rows.${line}.tags`, message: 'not an object' }]);
  const thumb = (name: 'primaryThumbprint' | 'secondaryThumbprint') => {
    const value = String(record[name] ?? '').trim();
    return value === '' ? undefined : value;
  };
  const row: IdentityRow = { deviceId, status, authType };
  if (thumb('primaryThumbprint')) row.primaryThumbprint = thumb('primaryThumbprint');
  if (thumb('secondaryThumbprint')) row.secondaryThumbprint = thumb('secondaryThumbprint');
  if (tags) row.tags = tags as Record<string, unknown>;
  if (authType === 'selfSigned' && !row.primaryThumbprint) throw new AppError('validation', `${where}: a selfSigned device needs primaryThumbprint`, [{ path: `rows.${line}.primaryThumbprint`, message: 'required' }]);
  return row;
}

/**
 * Reads an identities file (CSV with a header row, or a JSON array). Key columns in the file are
 * ignored: the hub makes new keys, so no key is ever stored with the import task.
 */
export function parseIdentities(format: 'csv' | 'json', text: string): IdentityRow[] {
  let records: Record<string, unknown>[];
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new AppError('validation', `The file is not JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new AppError('validation', 'The JSON file must hold an array of devices');
    records = parsed as Record<string, unknown>[];
  } else {
    const [header, ...rows] = parseCsv(text);
    if (!header?.includes('deviceId')) throw new AppError('validation', 'The CSV needs a header row with a deviceId column');
    records = rows.map((cells) => Object.fromEntries(header.map((name, i) => [name.trim(), cells[i] ?? ''])));
  }
  const out = records.map((record, i) => rowFrom(record ?? {}, i + 1));
  const seen = new Set<string>();
  for (const row of out) {
    if (seen.has(row.deviceId)) throw new AppError('validation', `Device ${row.deviceId} appears twice in the file`);
    seen.add(row.deviceId);
  }
  return out;
}

/** Writes identities as CSV (tags as JSON in one column) or a JSON array; key columns only when the rows carry keys. */
export function formatIdentities(format: 'csv' | 'json', rows: IdentityRow[], withKeys: boolean): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const columns = [...COLUMNS, ...(withKeys ? KEY_COLUMNS : [])];
  const lines = rows.map((row) => columns.map((c) => csvField(c === 'tags' ? (row.tags ? JSON.stringify(row.tags) : '') : String(row[c] ?? ''))).join(','));
  return `${[columns.join(','), ...lines].join('\n')}\n`;
}
